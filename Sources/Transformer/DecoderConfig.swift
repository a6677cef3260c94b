/// The `config.json` fields every Llama-like family shares (Mistral, Qwen2, Qwen3, Phi-3, Gemma 2 and 3);
/// each family's config decodes these from the same JSON and adds its own.
public struct DecoderConfig: Codable, Sendable, Equatable {
    public var width: Int
    public var ffnWidth: Int
    public var layerCount: Int
    public var headCount: Int
    public var kvHeadCount: Int?
    public var headDim: Int?
    public var rmsNormEps: Double?
    public var ropeTheta: Double?
    public var ropeParameters: RopeParametersField?
    public var ropeScaling: RopeSettings?
    public var contextLength: Int?
    public var vocabularySize: Int
    public var tieWordEmbeddings: Bool?
    public var slidingWindow: Int?
    public var layerTypes: [LayerKind]?
    public var hiddenAct: String?

    enum CodingKeys: String, CodingKey {
        case width = "hidden_size", ffnWidth = "intermediate_size", layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads", kvHeadCount = "num_key_value_heads", headDim = "head_dim"
        case rmsNormEps = "rms_norm_eps", ropeTheta = "rope_theta", ropeParameters = "rope_parameters"
        case ropeScaling = "rope_scaling"
        case contextLength = "max_position_embeddings", vocabularySize = "vocab_size"
        case tieWordEmbeddings = "tie_word_embeddings", slidingWindow = "sliding_window"
        case layerTypes = "layer_types", hiddenAct = "hidden_act"
    }

    public init(
        width: Int, ffnWidth: Int, layerCount: Int, headCount: Int, kvHeadCount: Int?, headDim: Int?,
        rmsNormEps: Double?, ropeTheta: Double?, contextLength: Int?, vocabularySize: Int
    ) {
        self.width = width
        self.ffnWidth = ffnWidth
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headDim = headDim
        self.rmsNormEps = rmsNormEps
        self.ropeTheta = ropeTheta
        self.contextLength = contextLength
        self.vocabularySize = vocabularySize
    }

    /// Reads the shared `<arch>.*` metadata of a GGUF file (the family adds its own keys).
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        let width = try m.int(.embeddingLength)
        let heads = try m.int(.headCount)
        self.init(
            width: width, ffnWidth: try m.int(.feedForwardLength), layerCount: try m.int(.blockCount),
            headCount: heads, kvHeadCount: m.optionalInt(.kvHeadCount) ?? heads,
            headDim: m.optionalInt(.keyLength), rmsNormEps: try m.double(.rmsEpsilon),
            ropeTheta: m.optionalDouble(.ropeFreqBase), contextLength: try m.int(.contextLength),
            vocabularySize: m.optionalInt(.vocabSize) ?? vocabularySize)
        tieWordEmbeddings = false  // use `output.weight` when the file has one
    }

    /// RoPE settings of the layers of `kind`: `rope_parameters` (per type or shared), else
    /// `rope_scaling` with the top-level `rope_theta`.
    func rope(_ kind: LayerKind) -> RopeSettings {
        var s = ropeParameters?.settings(kind) ?? ropeScaling ?? RopeSettings()
        if s.theta == nil { s.theta = ropeTheta }
        return s
    }

    /// Llama's layout from these fields, before the family adds its differences.
    /// - Parameters:
    ///   - tiedByDefault: the family's `tie_word_embeddings` default when the file does not say
    ///   - source: named in errors
    func baseLayout(tiedByDefault: Bool, source: String) throws -> DecoderLayout {
        // Before the layout's per-layer array exists: a layer count of 2⁶² must not reach it.
        try dimensions.validate(source: source)
        let heads = headCount
        let rope = rope(.full)
        var layout = DecoderLayout(
            width: width, ffnWidth: ffnWidth, layerCount: layerCount, heads: heads,
            kvHeads: kvHeadCount ?? heads, headDim: headDim ?? width / max(heads, 1),
            vocabularySize: vocabularySize, contextLength: contextLength ?? 2048, eps: rmsNormEps ?? 1e-6,
            ropeTheta: rope.theta ?? 10_000)
        let scaling = try rope.scaling(source: source)
        for l in layout.layers.indices { layout.layers[l].ropeScaling = scaling }
        layout.tiedEmbeddings = tieWordEmbeddings ?? tiedByDefault
        if let act = hiddenAct { layout.activation = try Self.activation(act, source: source) }
        return layout
    }

    /// transformers' activation names for a gated MLP.
    static func activation(_ name: String, source: String) throws -> DecoderLayout.Activation {
        switch name {
        case "silu", "swish": return .silu
        case "gelu_pytorch_tanh", "gelu_tanh", "gelu_new", "gelu_fast": return .geluTanh
        default:
            throw TransformerError.invalidConfig(
                source: source, reason: "the activation \"\(name)\" is not one TokenGen computes")
        }
    }
}
