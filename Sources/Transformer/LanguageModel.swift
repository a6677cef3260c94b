import TensorCore

/// What one step of the forward pass recorded (TransformerLens's hook points for one block).
///
/// Layer 0 is the embedding (only `residPost` = `hook_embed`); layers 1…L are blocks.
/// Legend: L layers, H heads, T tokens, D width.
public struct BlockCapture: Sendable {
    /// 0 for the embedding, l = 1…L for block l.
    public let layer: Int
    /// Residual stream after the block's attention sub-layer, `[T, D]`; nil for layer 0.
    public let residMid: Tensor?
    /// Residual stream after the block (the embedding for layer 0), `[T, D]`.
    public let residPost: Tensor
    /// Post-softmax attention probabilities, `[H, T, T]`; nil for layer 0.
    public let attention: Tensor?

    public init(layer: Int, residMid: Tensor?, residPost: Tensor, attention: Tensor?) {
        self.layer = layer
        self.residMid = residMid
        self.residPost = residPost
        self.attention = attention
    }

    /// The value recorded at a hook point, if this step has one.
    public subscript(_ point: HookPoint) -> Tensor? {
        switch point {
        case .embed: layer == 0 ? residPost : nil
        case .residMid: residMid
        case .residPost: layer == 0 ? nil : residPost
        case .attnPattern: attention
        }
    }
}

/// Everything a forward pass returns. Legend: L layers, H heads, T tokens, D width, V vocabulary.
public struct ForwardResult: Sendable {
    /// The token ids that were run.
    public let ids: [Int]
    /// Residual stream, `[L+1, T, D]`: embedding, then the output of each block before the final norm.
    public let resid: Tensor
    /// Post-softmax attention, `[L, H, T, T]`.
    public let attention: Tensor
    /// Raw logits of the last position, `[V]`.
    public let logitsLast: Tensor
}

/// A causal language model that runs block by block and exposes its activations.
///
/// Weights are immutable after loading, so one model can serve a background queue while the UI
/// reads its `info`.
public protocol LanguageModel: Sendable {
    var info: ModelInfo { get }

    /// Runs the prompt through every block.
    ///
    /// - Parameters:
    ///   - ids: token ids, `[T]`, 1 ≤ T ≤ context length
    ///   - onBlock: called for the embedding (layer 0) and after each block, in order, on the caller's thread
    ///   - isCancelled: checked before each block; when it returns true the run stops
    /// - Throws: `TransformerError.emptyPrompt`, `.promptTooLong`, `.tokenOutOfVocabulary`, `.cancelled`
    func forward(
        ids: [Int], onBlock: (BlockCapture) -> Void, isCancelled: () -> Bool
    ) throws -> ForwardResult

    /// The logit lens of residual rows: final norm (+ OPT's `project_out`) and unembedding, as one product.
    ///
    /// - Parameter rows: `[N, D]` rows of the residual stream (any layers, any positions)
    /// - Returns: raw logits `[N, V]`
    /// - Throws: `TransformerError.lensShapeMismatch` when the rows are not `[N, D]`
    func lens(rows: Tensor) throws -> Tensor
}

extension LanguageModel {
    /// Runs the prompt with no per-block callback and no cancellation.
    public func forward(ids: [Int]) throws -> ForwardResult {
        try forward(ids: ids, onBlock: { _ in }, isCancelled: { false })
    }
}
