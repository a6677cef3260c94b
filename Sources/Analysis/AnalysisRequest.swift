import ModelFiles

/// Everything one analysis needs: what to run, where to look, and how to aggregate.
public struct AnalysisRequest: Sendable, Equatable {
    /// The prompt as typed.
    public var prompt: String
    /// Token ids to run instead of tokenizing `prompt` (models without tokenizer files).
    public var promptIDs: [Int]?
    /// The primary model.
    public var model: ModelLocation
    /// A second model to compare with, run on the same prompt.
    public var compareModel: ModelLocation?
    /// Query position (0-based); nil means the last token.
    public var queryPosition: Int?
    public var options: AnalysisOptions

    public init(
        prompt: String, promptIDs: [Int]? = nil, model: ModelLocation, compareModel: ModelLocation? = nil,
        queryPosition: Int? = nil, options: AnalysisOptions = AnalysisOptions()
    ) {
        self.prompt = prompt
        self.promptIDs = promptIDs
        self.model = model
        self.compareModel = compareModel
        self.queryPosition = queryPosition
        self.options = options
    }
}

/// How an analysis reads out its results.
public struct AnalysisOptions: Sendable, Equatable {
    /// Tokens kept per (layer, position) in the lens.
    public var topK: Int = 10
    /// Number of k-means clusters of heads.
    public var clusters: Int = 5
    /// Feature vector per head for clustering.
    public var features: HeadFeatureKind = .queryRow
    /// Aggregation of heads for the attention heatmap.
    public var attention: AttentionAggregation = .meanOverHeads
    /// Contrast candidates as the user typed them (e.g. "things", "people").
    public var contrast: ContrastPair?
    /// A region of the comparison: depth range within [0, 1] and token positions (inclusive).
    public var selection: ComparisonSelection?
    /// Whether to cluster heads (UMAP + k-means) at the end of the run.
    public var clusterHeads: Bool = true
    /// Whether to read the lens out at every position (`top` of every `LayerLens`), not only at the query
    /// (and a comparison selection's positions): one lens product per position, so off by default.
    public var allPositions: Bool = false
    /// Whether to compute the lens after attention (query position) and direct logit attribution at
    /// the end of the run (on by default; `bench` turns it off to measure what it adds).
    public var depthViews: Bool = true
    /// Whether to read the lens grid (top-1 and next-token probability at every layer and position).
    public var grid: Bool = false
    /// Whether to read the grid after each block's attention (`resid_mid`) too.
    public var midGrid: Bool = false
    /// The corrupted prompt for activation patching (same token count as the prompt), or nil for none.
    public var patchPrompt: String?
    /// Token ids of the corrupted prompt instead of tokenizing `patchPrompt`.
    public var patchIDs: [Int]?
    /// A prompt longer than this many tokens stops before the forward pass with
    /// `SessionUpdate.confirmationNeeded` (its estimated time and memory), so the window can ask first;
    /// nil runs any length (the CLI, and a prompt the user confirmed).
    public var confirmAbove: Int?
    /// Whether a corrupted prompt that cannot be patched (another token count, an undefined metric) is
    /// reported in `SessionSnapshot.patchingError` instead of failing the analysis (the window: every
    /// other view stays). Off: the analysis fails before any block runs (the CLI exits 1).
    public var patchFailureInSnapshot: Bool = false
    /// Whether the lens of each block goes out while the pass runs (`SessionUpdate.layer`, the window's
    /// streamed charts). Off (the CLI, which prints only the end): every block's lens is read in one
    /// product at the end of the pass, one read of the unembedding instead of one per update.
    public var streamsLayers: Bool = true

    public init() {}
}

/// Two candidates to contrast, as the user typed them.
public struct ContrastPair: Sendable, Equatable {
    public var a: String
    public var b: String
    public init(_ a: String, _ b: String) {
        self.a = a
        self.b = b
    }
}
