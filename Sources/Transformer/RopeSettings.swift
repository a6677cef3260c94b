/// transformers' RoPE settings as `config.json` spells them: `rope_parameters` (≥ 5: one set, or one per
/// layer type as Gemma 3 writes it) or `rope_scaling` (< 5, next to a top-level `rope_theta`).
public struct RopeSettings: Codable, Sendable, Equatable {
    public var theta: Double?
    /// `rope_type` (≥ 4.45) or `type` (older `rope_scaling`); nil and `"default"` mean plain RoPE.
    public var ropeType: String?
    public var legacyType: String?
    /// The `"linear"` scaling factor.
    public var factor: Double?
    public var partialRotaryFactor: Double?

    enum CodingKeys: String, CodingKey {
        case theta = "rope_theta", ropeType = "rope_type", legacyType = "type", factor
        case partialRotaryFactor = "partial_rotary_factor"
    }

    public init(theta: Double? = nil, ropeType: String? = nil, factor: Double? = nil) {
        self.theta = theta
        self.ropeType = ropeType
        self.factor = factor
    }

    /// The kind of RoPE, with the scaling kinds TokenGen does not compute refused by name.
    /// - Returns: the frequency divisor (1 for plain RoPE, `factor` for `"linear"`)
    /// - Throws: `TransformerError.unsupportedRoPE` for `llama3`, `yarn`, `longrope`, `dynamic`, …
    func linearFactor(source: String) throws -> Double {
        switch ropeType ?? legacyType ?? "default" {
        case "default": return 1
        case "linear": return factor ?? 1
        case let other: throw TransformerError.unsupportedRoPE(type: other, source: source)
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
