// Mistral, as in HF modeling_mistral.py: Llama's layout with its own model_type, an explicit head_dim and
// `sliding_window` (null, or a window on every layer). llama.cpp converts Mistral to the "llama"
// architecture, so a Mistral GGUF runs as Llama.
import ModelFiles

/// Mistral's `config.json`: the shared decoder fields (`hidden_size`, `head_dim`, `sliding_window`, …).
public struct MistralConfig: Decodable, Sendable, Equatable {
    public var decoder: DecoderConfig

    public init(from decoder: any Decoder) throws { self.decoder = try DecoderConfig(from: decoder) }

    /// Untied by default (MistralConfig); the window, when set, applies to every layer.
    func layout(source: String) throws -> DecoderLayout {
        var layout = try decoder.baseLayout(tiedByDefault: false, source: source)
        let kinds = Array(repeating: LayerKind.sliding, count: layout.layerCount)
        layout.applyLayerKinds(decoder.layerTypes ?? kinds, window: decoder.slidingWindow)
        return layout
    }
}
