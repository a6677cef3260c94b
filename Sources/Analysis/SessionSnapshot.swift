import Foundation
import TensorCore
import Transformer

/// One prompt token as the UI shows it.
public struct TokenEntry: Sendable, Equatable {
    public let id: Int
    /// Readable text (partial UTF-8 as `\xE2`); the UI makes whitespace visible.
    public let text: String
    /// How a prompt token is shown (the tokenizer's display entry, which knows the bytes): every character
    /// whose last byte is in this token; "" for a piece of a character that a later token completes.
    public let shown: String
    /// Whether the token ends inside a character that a later token completes (or the prompt cuts off).
    public let partial: Bool
    /// For a partial token, the character a later token completes.
    public let partOf: String?

    /// A token shown as its own text (`shown` nil), or as the prompt's display entry says.
    public init(id: Int, text: String, shown: String? = nil, partial: Bool = false, partOf: String? = nil) {
        self.id = id
        self.text = text
        self.shown = shown ?? text
        self.partial = partial
        self.partOf = partOf
    }

    /// What a chart or chip writes on the token: `shown`, then "◌" when the token holds part of a character.
    public var label: String { shown + (partial ? "◌" : "") }
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

/// The lens of one layer: top-k at the positions computed so far, and the full distribution at the query.
///
/// Legend: T tokens, V vocabulary, k top-k.
public struct LayerLens: Sendable {
    /// 0 = embedding, l = 1…L = after block l.
    public let layer: Int
    /// Top-k per position, `[T][k]`, descending. Only the query position (and the positions a view asked
    /// for: a comparison selection, `AnalysisOptions.allPositions`) are filled; the others are empty.
    public let top: [[LensEntry]]
    /// Log-probabilities at the query position, `[V]`: any token's exact value, never a top-k cut.
    public let queryLogprobs: [Float]
}

/// One model's results so far (streamed layer by layer), as views of its run.
public struct ModelRun: Sendable {
    public let info: ModelInfo
    public let displayName: String
    public let tokens: [TokenEntry]
    public let queryPosition: Int
    /// Layers 0…l done so far.
    public internal(set) var lens: [LayerLens]
    /// The run's attention record: blocks 1…`blocksDone` can be read; nil before the first block.
    public internal(set) var attention: AttentionCapture?
    /// The finished forward pass (residual stream, `resid_mid`, attention record, lens caches);
    /// nil while the model is still running.
    public internal(set) var captured: CapturedRun?
    /// Readable text of any vocabulary id (for tokens outside a top-k list).
    public let tokenText: @Sendable (Int) -> String
    /// The lens of `resid_mid` (after attention, before the MLP) for blocks 1…L at the query position,
    /// once the run finished.
    public internal(set) var midLens: [LayerLens] = []
    private let patternMemo = PatternMemo()

    /// The same run read after each block's attention instead of after each block: layer 0 stays the
    /// embedding, layer l becomes `resid_mid[l]` (the Timeline's "after attention" view). Nil until the
    /// lens after attention was read (when the run finished).
    public func afterAttention() -> ModelRun? {
        guard let first = lens.first, !midLens.isEmpty else { return nil }
        var copy = self
        copy.lens = [first] + midLens
        return copy
    }

    /// Whole attention patterns are drawn (per-head grid) only up to this many tokens.
    public static let patternTokenLimit = 256

    init(info: ModelInfo, displayName: String, tokens: [TokenEntry], queryPosition: Int,
         tokenText: @escaping @Sendable (Int) -> String) {
        self.info = info
        self.displayName = displayName
        self.tokens = tokens
        self.queryPosition = queryPosition
        self.lens = []
        self.tokenText = tokenText
    }

    /// Number of blocks whose lens (and attention) is available.
    public var blocksDone: Int { lens.count > 0 ? lens.count - 1 : 0 }

    /// The attention of the blocks done so far as a full stack `[l, H, T, T]`, recomputed from the run's
    /// record once per `blocksDone`; nil before the first block and above `patternTokenLimit` tokens.
    public func attentionStack() -> AttentionStack? {
        let done = blocksDone
        guard done > 0, tokens.count <= Self.patternTokenLimit, let attention else { return nil }
        return patternMemo.stack(blocks: done) {
            var values = [Float]()
            values.reserveCapacity(done * info.heads * tokens.count * tokens.count)
            for l in 0..<done { values += attention.pattern(layer: l) }
            return try? AttentionStack(
                layerCount: done, headCount: info.heads, tokenCount: tokens.count, values: values)
        }
    }

    /// Query-position log-probs of every layer done, `[l+1][V]`.
    public var queryLens: [[Float]] { lens.map(\.queryLogprobs) }
}

/// The last full attention stack a run built (shared by copies of the run, computed at most once per size).
final class PatternMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: (blocks: Int, stack: AttentionStack?)?

    func stack(blocks: Int, make: () -> AttentionStack?) -> AttentionStack? {
        lock.withLock {
            if let cached, cached.blocks == blocks { return cached.stack }
            let stack = make()
            cached = (blocks, stack)
            return stack
        }
    }
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
    /// Why the heatmap could not be computed (then `heatmap` is empty and the pane says why).
    public internal(set) var heatmapError: AnalysisError?
    /// Head clustering, when the run finished and clustering was asked for.
    public internal(set) var clustering: HeadClusteringResult?
    /// Trustworthiness (k = 5) of the clustering's 2-D embedding against its features.
    public internal(set) var trustworthiness: Double?
    /// The positions whose whole attention pattern describes each head, when the features are
    /// `.fullPattern` and the prompt is longer than `CapturedAttention.patternWindow` (nil = every position).
    public internal(set) var clusteringPositions: Range<Int>?
    /// Why clustering was skipped, if it was (e.g. more clusters than heads).
    public internal(set) var clusteringError: AnalysisError?
    /// Contrast of the two candidates, per layer done.
    public internal(set) var contrast: ContrastResult?
    /// Why the contrast rows could not be computed (then `contrast.rows` is empty and the pane says why).
    public internal(set) var contrastError: AnalysisError?
    /// The comparison model's run and the comparison, when one was asked for and loaded.
    public internal(set) var comparison: ComparisonRunResult?
    /// Why the comparison model failed; the primary analysis stays intact.
    public internal(set) var comparisonError: AnalysisError?
    /// The lens grid after each block (l = 0…L, every position), when the request asked for it.
    public internal(set) var grid: LensGrid?
    /// The grid after each block's attention (`resid_mid`, blocks 1…L), when the request asked for it.
    public internal(set) var midGrid: LensGrid?
    /// Direct logit attribution at the query position, once the run finished.
    public internal(set) var attribution: AttributionResult?
    /// Why attribution was skipped (e.g. a family without decomposition).
    public internal(set) var attributionError: AnalysisError?
    /// Activation patching against the corrupted prompt, filled in layer by layer.
    public internal(set) var patching: PatchingResult?
    /// Why patching did not run (with `patchFailureInSnapshot`), e.g. a corrupted prompt of another length.
    public internal(set) var patchingError: AnalysisError?
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
    /// What the comparison was computed from, the primary run's and this run's (top-1 per layer and
    /// position, the query's lens and mean attention row): a selection drawn before its request's update
    /// is summarised from these, with no attention recomputed on the main thread.
    public let primaryInput: ComparisonInput
    public let comparisonInput: ComparisonInput
}
