// Qwen2 / Qwen2.5, as in HF modeling_qwen2.py: Llama's layout with q/k/v biases (no o bias), RoPE θ 1e6,
// and a sliding window only when `use_sliding_window` is set (on layers from `max_window_layers` on);
// GGUF names as llama.cpp's "blk.%d.attn_q.bias" (NEOX RoPE: no Q/K permutation).
import ModelFiles

/// Qwen2's `config.json`: the shared decoder fields plus its window switches.
public struct Qwen2Config: Decodable, Sendable, Equatable {
    public var decoder: DecoderConfig
    public var useSlidingWindow: Bool?
    public var maxWindowLayers: Int?

    enum CodingKeys: String, CodingKey {
        case useSlidingWindow = "use_sliding_window", maxWindowLayers = "max_window_layers"
    }

    public init(from decoder: any Decoder) throws {
        self.decoder = try DecoderConfig(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        useSlidingWindow = try c.decodeIfPresent(Bool.self, forKey: .useSlidingWindow)
        maxWindowLayers = try c.decodeIfPresent(Int.self, forKey: .maxWindowLayers)
    }

    /// Reads the `qwen2.*` metadata of a GGUF file (llama.cpp runs every layer with full attention).
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        decoder = try DecoderConfig(gguf: m, vocabularySize: vocabularySize)
    }

    func layout(source: String) throws -> DecoderLayout {
        var layout = try decoder.baseLayout(tiedByDefault: false, source: source)
        Self.applyWindows(
            &layout, decoder, useSlidingWindow: useSlidingWindow, maxWindowLayers: maxWindowLayers)
        return layout
    }

    /// Qwen2 and Qwen3: `layer_types` when written, else sliding from `max_window_layers` on; the window
    /// is `sliding_window` only if `use_sliding_window` (transformers sets it to None otherwise).
    static func applyWindows(
        _ layout: inout DecoderLayout, _ c: DecoderConfig, useSlidingWindow: Bool?, maxWindowLayers: Int?
    ) {
        let window = useSlidingWindow == true ? c.slidingWindow : nil
        let first = maxWindowLayers ?? layout.layerCount
        let kinds = c.layerTypes ?? (0..<layout.layerCount).map { $0 >= first ? .sliding : .full }
        layout.applyLayerKinds(kinds, window: window)
    }
}
