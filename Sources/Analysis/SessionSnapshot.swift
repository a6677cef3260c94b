import Transformer

/// One prompt token as the UI shows it.
public struct TokenEntry: Sendable, Equatable {
    public let id: Int
    /// Readable text (partial UTF-8 as `\xE2`); the UI makes whitespace visible.
    public let text: String
    public init(id: Int, text: String) {
        self.id = id
        self.text = text
    }
}

/// A lens entry: one candidate token's standing at one (layer, position).
public struct LensEntry: Sendable, Equatable {
    public let id: Int
    public let text: String
    public let logprob: Float
    public let prob: Float
    public init(id: Int, text: String, logprob: Float, prob: Float) {
        self.id = id
        self.text = text
        self.logprob = logprob
        self.prob = prob
    }
}

/// The lens of one layer: top-k at every position, and the full distribution at the query position.
///
/// Legend: T tokens, V vocabulary, k top-k.
public struct LayerLens: Sendable {
    /// 0 = embedding, l = 1…L = after block l.
    public let layer: Int
    /// Top-k per position, `[T][k]`, descending.
    public let top: [[LensEntry]]
    /// Log-probabilities at the query position, `[V]`: any token's exact value, never a top-k cut.
    public let queryLogprobs: [Float]
    /// Log-probability of prompt token t+1 at each position t, `[T−1]` (the lens grid's next-token row).
    public var nextTokenLogprobs: [Float] = []

    public init(layer: Int, top: [[LensEntry]], queryLogprobs: [Float], nextTokenLogprobs: [Float] = []) {
        self.layer = layer
        self.top = top
        self.queryLogprobs = queryLogprobs
        self.nextTokenLogprobs = nextTokenLogprobs
    }
}

/// One model's results so far (streamed layer by layer).
public struct ModelRun: Sendable {
    public let info: ModelInfo
    public let displayName: String
    public let tokens: [TokenEntry]
    public let queryPosition: Int
    /// Layers 0…l done so far.
    public internal(set) var lens: [LayerLens]
    /// Attention of the blocks done so far, `[l, H, T, T]` flattened.
    public internal(set) var attentionValues: [Float]
    /// Readable text of any vocabulary id (for tokens outside a top-k list).
    public let tokenText: @Sendable (Int) -> String
    /// The residual stream after each block and after each block's attention, every position.
    public internal(set) var residuals: ResidualCapture?
    /// The lens of `resid_mid` (after attention, before the MLP) for blocks 1…L, once the run finished.
    public internal(set) var midLens: [LayerLens] = []

    /// The same run read after each block's attention instead of after each block: layer 0 stays the
    /// embedding, layer l becomes `resid_mid[l]` (the Timeline's and the grid's "after attention" view).
    /// Nil until the lens after attention was read (when the run finished).
    public func afterAttention() -> ModelRun? {
        guard let first = lens.first, !midLens.isEmpty else { return nil }
        var copy = self
        copy.lens = [first] + midLens
        return copy
    }

    /// Number of blocks whose attention is recorded.
    public var blocksDone: Int { lens.count > 0 ? lens.count - 1 : 0 }

    /// The attention recorded so far as a stack `[l, H, T, T]`, or nil before the first block.
    public func attentionStack() -> AttentionStack? {
        guard blocksDone > 0 else { return nil }
        return try? AttentionStack(
            layerCount: blocksDone, headCount: info.heads, tokenCount: tokens.count, values: attentionValues)
    }

    /// Query-position log-probs of every layer done, `[l+1][V]`.
    public var queryLens: [[Float]] { lens.map(\.queryLogprobs) }
}

/// Where a run stands.
public enum SessionStage: Sendable, Equatable {
    case tokenized
    case running(layer: Int, of: Int)
    case finished
}

/// Everything a plugin needs to draw, at one moment of a run. Immutable; crosses threads.
public struct SessionSnapshot: Sendable {
    public let request: AnalysisRequest
    public internal(set) var stage: SessionStage
    public internal(set) var primary: ModelRun
    /// Per-layer metrics at the query position (layers done so far).
    public internal(set) var metrics: [LayerMetrics] = []
    /// Heatmap rows (blocks 1…l) × prompt tokens for the request's aggregation.
    public internal(set) var heatmap: [[Float]] = []
    /// Head clustering, when the run finished and clustering was asked for.
    public internal(set) var clustering: HeadClusteringResult?
    /// Trustworthiness (k = 5) of the clustering's 2-D embedding against its features.
    public internal(set) var trustworthiness: Double?
    /// Why clustering was skipped, if it was (e.g. more clusters than heads).
    public internal(set) var clusteringError: String?
    /// Contrast of the two candidates, per layer done.
    public internal(set) var contrast: ContrastResult?
    /// The comparison model's run and the comparison, when one was asked for and loaded.
    public internal(set) var comparison: ComparisonRunResult?
    /// Why the comparison model failed; the primary analysis stays intact.
    public internal(set) var comparisonError: String?
    /// The lens grid (top-1 and next-token probability at every layer and position), layers done so far.
    public var grid: LensGrid { LensGrid(lens: primary.lens) }
    /// The grid after each block's attention (`resid_mid`), when the request asked for it.
    public var midGrid: LensGrid? {
        request.options.midGrid && !primary.midLens.isEmpty ? LensGrid(lens: primary.midLens) : nil
    }
    /// Direct logit attribution at the query position, once the run finished.
    public internal(set) var attribution: AttributionResult?
    /// Why attribution was skipped (e.g. a family without decomposition).
    public internal(set) var attributionError: String?
    /// Activation patching against the corrupted prompt, filled in layer by layer.
    public internal(set) var patching: PatchingResult?
    /// Seconds since the run started.
    public internal(set) var elapsed: Double = 0
}

/// Contrast of candidates A and B at every layer done.
public struct ContrastResult: Sendable {
    public let a: ResolvedToken
    public let b: ResolvedToken
    public let rows: [ContrastRow]
}

/// A comparison model's run and its comparison with the primary model.
public struct ComparisonRunResult: Sendable {
    public let run: ModelRun
    /// Whether both models share a vocabulary (tokens compared by id) or not (by decoded string).
    public let sameVocabulary: Bool
    public let layers: [DepthMatch]
    public let selection: SelectionSummary?
}
