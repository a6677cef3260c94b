/// The architectures TokenGen can run; each has one file in this module.
public enum ModelFamily: String, Sendable, CaseIterable, Codable {
    case gpt2, opt, llama
    case gptNeoX = "gpt_neox"
    case qwen2, qwen3, gemma2, gemma3, phi3, mistral
}

/// What a loaded model is: its size in the legend's letters, for display and for sizing buffers.
///
/// Legend: L layers, H heads, D width, V vocabulary.
public struct ModelInfo: Sendable, Equatable {
    /// Display name (folder or file name).
    public var name: String
    public var family: ModelFamily
    /// L, number of transformer blocks.
    public var layers: Int
    /// H, attention (query) heads per block.
    public var heads: Int
    /// Key/value heads (= H unless the model uses grouped-query attention).
    public var kvHeads: Int
    /// D, width of the residual stream.
    public var width: Int
    /// V, number of logits.
    public var vocabularySize: Int
    /// Longest prompt the model accepts, in tokens.
    public var contextLength: Int
    /// d, width of one attention head.
    public var headDim: Int
    /// F, inner width of the MLP.
    public var ffnWidth: Int
    /// Whether the MLP is gated (three F×D matrices: gate, up, down) rather than two.
    public var gatedFFN: Bool

    /// - Parameters:
    ///   - headDim: nil: D / H
    ///   - ffnWidth: nil: 4·D
    public init(
        name: String, family: ModelFamily, layers: Int, heads: Int, kvHeads: Int, width: Int,
        vocabularySize: Int, contextLength: Int, headDim: Int? = nil, ffnWidth: Int? = nil,
        gatedFFN: Bool = false
    ) {
        self.headDim = headDim ?? (heads > 0 ? width / heads : 0)
        self.ffnWidth = ffnWidth ?? 4 * width
        self.gatedFFN = gatedFFN
        self.name = name
        self.family = family
        self.layers = layers
        self.heads = heads
        self.kvHeads = kvHeads
        self.width = width
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
    }
}
