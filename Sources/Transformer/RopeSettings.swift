import TensorCore

/// transformers' RoPE settings as `config.json` spells them: `rope_parameters` (≥ 5: one set, or one per
/// layer type as Gemma 3 writes it) or `rope_scaling` (< 5, next to a top-level `rope_theta`).
public struct RopeSettings: Codable, Sendable, Equatable {
    public var theta: Double?
    /// `rope_type` (≥ 4.45) or `type` (older `rope_scaling`); nil and `"default"` mean plain RoPE.
    public var ropeType: String?
    public var legacyType: String?
    /// The `"linear"` and `"llama3"` scaling factor.
    public var factor: Double?
    public var partialRotaryFactor: Double?
    /// `"llama3"` bands.
    public var lowFreqFactor: Double?
    public var highFreqFactor: Double?
    public var originalContext: Double?

    enum CodingKeys: String, CodingKey {
        case theta = "rope_theta", ropeType = "rope_type", legacyType = "type", factor
        case partialRotaryFactor = "partial_rotary_factor", lowFreqFactor = "low_freq_factor"
        case highFreqFactor = "high_freq_factor", originalContext = "original_max_position_embeddings"
    }

    public init(theta: Double? = nil, ropeType: String? = nil, factor: Double? = nil) {
        self.theta = theta
        self.ropeType = ropeType
        self.factor = factor
    }

    /// The frequency rule, with the scalings TokenGen does not compute refused by name.
    /// - Throws: `TransformerError.unsupportedRoPE` for `yarn`, `longrope`, `dynamic`, …
    func scaling(source: String) throws -> RopeScaling {
        switch ropeType ?? legacyType ?? "default" {
        case "default": return .none
        case "linear": return .linear(factor: factor ?? 1)
        case "llama3":
            return .llama3(
                factor: factor ?? 8, lowFreqFactor: lowFreqFactor ?? 1, highFreqFactor: highFreqFactor ?? 4,
                originalContext: originalContext ?? 8192)
        case let other: throw TransformerError.unsupportedRoPE(type: other, source: source)
        }
    }
}

/// How a RoPE's frequencies are changed from `theta^(-2i/d)`, as transformers' `ROPE_INIT_FUNCTIONS`.
public enum RopeScaling: Sendable, Hashable {
    case none
    /// Every frequency divided by `factor`.
    case linear(factor: Double)
    /// Llama 3.1: wavelengths above `originalContext / lowFreqFactor` divided by `factor`, below
    /// `originalContext / highFreqFactor` kept, interpolated in between.
    case llama3(factor: Double, lowFreqFactor: Double, highFreqFactor: Double, originalContext: Double)

    /// The inverse frequencies `[d/2]` for `theta` over `dims` rotated dimensions, in Float32.
    func inverseFrequencies(dims: Int, theta: Double) -> [Float] {
        let base = RoPETable.inverseFrequencies(headDim: dims, theta: theta)
        switch self {
        case .none: return base
        case .linear(let factor): return base.map { $0 / Float(factor) }
        case .llama3(let factor, let low, let high, let context):
            let (f, lo, hi, ctx) = (Float(factor), Float(low), Float(high), Float(context))
            return base.map { inv in
                let wavelength = 2 * Float.pi / inv
                if wavelength < ctx / hi { return inv }
                if wavelength > ctx / lo { return inv / f }
                let smooth = (ctx / wavelength - lo) / (hi - lo)
                return (1 - smooth) * inv / f + smooth * inv
            }
        }
    }
}

/// `rope_parameters`: a single set for every layer, or a set per layer type (`"full_attention"`,
/// `"sliding_attention"`).
public struct RopeParametersField: Codable, Sendable, Equatable {
    public var shared: RopeSettings?
    public var perLayerType: [String: RopeSettings]

    public init(shared: RopeSettings?, perLayerType: [String: RopeSettings] = [:]) {
        self.shared = shared
        self.perLayerType = perLayerType
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let typed = c.allKeys.filter { LayerKind(rawValue: $0.stringValue) != nil }
        if typed.isEmpty {
            shared = try RopeSettings(from: decoder)
            perLayerType = [:]
        } else {
            shared = nil
            var map: [String: RopeSettings] = [:]
            for key in typed { map[key.stringValue] = try c.decode(RopeSettings.self, forKey: key) }
            perLayerType = map
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if let shared {
            try shared.encode(to: encoder)
        } else {
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in perLayerType { try c.encode(v, forKey: Key(stringValue: k)) }
        }
    }

    /// The settings for layers of `kind` (the shared set when there is no per-type one).
    func settings(_ kind: LayerKind) -> RopeSettings? { perLayerType[kind.rawValue] ?? shared }
}

/// transformers' `layer_types` entries.
public enum LayerKind: String, Codable, Sendable {
    case full = "full_attention"
    case sliding = "sliding_attention"
}
