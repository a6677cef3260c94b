// Phi-3, as in HF modeling_phi3.py: fused qkv_proj `[q; k; v]` and gate_up_proj `[gate; up]`, partial
// rotary (`partial_rotary_factor`), untied lm_head, `sliding_window` on every layer when set; GGUF names
// as llama.cpp's phi3 ("blk.%d.attn_qkv", gate and up fused in "blk.%d.ffn_up").
import ModelFiles

/// Phi-3's `config.json`: the shared decoder fields plus the rotary fraction (top level, or inside
/// `rope_parameters` as transformers ≥ 5 writes it).
public struct Phi3Config: Decodable, Sendable, Equatable {
    public var decoder: DecoderConfig
    public var partialRotaryFactor: Double?
    /// GGUF: `phi3.rope.dimension_count`.
    var rotaryDims: Int?

    enum CodingKeys: String, CodingKey { case partialRotaryFactor = "partial_rotary_factor" }

    public init(from decoder: any Decoder) throws {
        self.decoder = try DecoderConfig(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        partialRotaryFactor = try c.decodeIfPresent(Double.self, forKey: .partialRotaryFactor)
    }

    /// Reads the `phi3.*` metadata of a GGUF file.
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        decoder = try DecoderConfig(gguf: m, vocabularySize: vocabularySize)
        decoder.slidingWindow = m.optionalInt(.slidingWindow)
        rotaryDims = m.optionalInt(.ropeDimensionCount)
    }

    func layout(source: String) throws -> DecoderLayout {
        var layout = try decoder.baseLayout(tiedByDefault: false, source: source)
        layout.fusedProjections = true
        let factor = decoder.rope(.full).partialRotaryFactor ?? partialRotaryFactor ?? 1
        layout.rotaryDims = try rotaryDims
            ?? RotaryFraction.checkedWidth(headDim: layout.headDim, fraction: factor, source: source)
        let kinds = Array(repeating: LayerKind.sliding, count: layout.layerCount)
        layout.applyLayerKinds(decoder.layerTypes ?? kinds, window: decoder.slidingWindow)
        return layout
    }
}
