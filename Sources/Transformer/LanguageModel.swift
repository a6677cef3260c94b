import TensorCore

/// What one step of the forward pass recorded (TransformerLens's hook points for one block).
///
/// Layer 0 is the embedding (only `residPost` = `hook_embed`); layers 1…L are blocks. The tensors view
/// the run's own memory (nothing is copied per block); the attention pattern is recomputed when asked.
/// Legend: L layers, H heads, T tokens, D width.
public struct BlockCapture: Sendable {
    /// 0 for the embedding, l = 1…L for block l.
    public let layer: Int
    /// Residual stream after the block's attention sub-layer, `[T, D]`; nil for layer 0. Valid during the
    /// `onBlock` call only when the run does not keep `resid_mid` (`ForwardResult.residMidTokenLimit`).
    public let residMid: Tensor?
    /// Residual stream after the block (the embedding for layer 0), `[T, D]`.
    public let residPost: Tensor
    /// The run's attention record (blocks 1…layer are recorded); nil for layer 0.
    public let captured: AttentionCapture?

    public init(layer: Int, residMid: Tensor?, residPost: Tensor, attention: AttentionCapture?) {
        self.layer = layer
        self.residMid = residMid
        self.residPost = residPost
        self.captured = attention
    }

    /// Post-softmax attention probabilities of this block, `[H, T, T]`, recomputed (T² per head: for
    /// short prompts and tests); nil for layer 0.
    public var attention: Tensor? {
        guard layer >= 1, let captured, let s = captured.shape(layer: layer - 1) else { return nil }
        return Tensor(shape: [s.heads, s.tokens, s.tokens], values: captured.pattern(layer: layer - 1))
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

/// Everything a forward pass returns: what lets any view be recomputed, not every view's result.
///
/// Legend: L layers, H heads, T tokens, D width, V vocabulary.
public struct ForwardResult: Sendable {
    /// The token ids that were run.
    public let ids: [Int]
    /// Residual stream, `[L+1, T, D]`: embedding, then the output of each block before the final norm.
    public let resid: Tensor
    /// Residual stream after each block's attention sub-layer (`hook_resid_mid`), `[L, T, D]`, kept up to
    /// `residMidTokenLimit` tokens; nil for longer prompts, where a position's rows are recomputed when
    /// asked (`DecomposableModel.residMidRows`): at 2,048 tokens of SmolLM2 it would be 141 MB.
    public let residMid: Tensor?
    /// Every block's queries, keys, values and rule: attention rows and per-head outputs on demand
    /// (`attention.patterns()` is the full `[L, H, T, T]`, for short prompts).
    public let attention: AttentionCapture
    /// Raw logits of the last position, `[V]`.
    public let logitsLast: Tensor

    /// The longest prompt whose `resid_mid` is kept whole: the lens grids (every position) are read up
    /// to this length; above it only single positions are asked for.
    public static let residMidTokenLimit = 512
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
