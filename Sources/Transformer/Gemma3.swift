// Gemma 3 (text), as in HF modeling_gemma3.py: Gemma 2 without soft-capping by default, plus q/k norms
// (1 + w) before RoPE, `layer_types` / `sliding_window_pattern` (one global layer in six), and two RoPE
// bases: `rope_local_base_freq` (10000) on sliding layers, `rope_theta` (1e6, with its scaling) on global
// ones; GGUF names as llama.cpp's gemma3 ("blk.%d.attn_q_norm", norms stored as 1 + w).
import ModelFiles

/// Gemma 3's `config.json` (`model_type` `gemma3_text`): Gemma 2's fields plus its layer pattern and
/// local RoPE base.
public struct Gemma3Config: Decodable, Sendable, Equatable {
    public var gemma: Gemma2Config
    public var ropeLocalBaseFreq: Double?
    public var slidingWindowPattern: Int?

    enum CodingKeys: String, CodingKey {
        case ropeLocalBaseFreq = "rope_local_base_freq", slidingWindowPattern = "sliding_window_pattern"
        case privatePattern = "_sliding_window_pattern"
    }

    public init(from decoder: any Decoder) throws {
        gemma = try Gemma2Config(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ropeLocalBaseFreq = try c.decodeIfPresent(Double.self, forKey: .ropeLocalBaseFreq)
        slidingWindowPattern =
            try c.decodeIfPresent(Int.self, forKey: .slidingWindowPattern)
            ?? c.decodeIfPresent(Int.self, forKey: .privatePattern)
    }

    /// Reads the `gemma3.*` metadata of a GGUF file (pattern 6 and local base 10000 unless it says).
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        gemma = try Gemma2Config(gguf: m, vocabularySize: vocabularySize, layersOf27B: 62)
        gemma.decoder.ropeTheta = m.optionalDouble(.ropeFreqBase) ?? 1_000_000
        if m.optionalString(.ropeScalingType) == "linear", let f = m.optionalDouble(.ropeScalingFactor) {
            gemma.decoder.ropeScaling = RopeSettings(ropeType: "linear", factor: f)
        }
        ropeLocalBaseFreq = m.optionalDouble(.ropeFreqBaseSWA)
        slidingWindowPattern = m.optionalInt(.slidingWindowPattern)
    }

    func layout(source: String) throws -> DecoderLayout {
        var layout = try gemma.layout(source: source)
        layout.qkNorm = true
        let d = gemma.decoder
        let pattern = max(slidingWindowPattern ?? 6, 1)
        let kinds = d.layerTypes ?? (0..<layout.layerCount).map { ($0 + 1) % pattern == 0 ? .full : .sliding }
        layout.applyLayerKinds(kinds, window: d.slidingWindow)
        // Global layers: `rope_parameters.full_attention`, or `rope_theta` with `rope_scaling`.
        var global = d.rope(.full)
        global.theta = global.theta ?? 1_000_000
        // Local layers: `rope_parameters.sliding_attention`, or `rope_local_base_freq` unscaled.
        let local =
            d.ropeParameters?.perLayerType[LayerKind.sliding.rawValue]
            ?? RopeSettings(theta: ropeLocalBaseFreq ?? 10_000)
        for (l, kind) in kinds.enumerated() where l < layout.layerCount {
            let rope = kind == .sliding ? local : global
            layout.layers[l].ropeTheta = rope.theta ?? 10_000
            layout.layers[l].ropeScaling = try rope.scaling(source: source)
        }
        return layout
    }
}
