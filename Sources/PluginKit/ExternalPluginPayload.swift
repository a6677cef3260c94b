import Analysis
import Foundation

/// The compact view of a `SessionSnapshot` an external plugin receives, as JSON, on every update.
///
/// JSON is the contract (not Swift types), so a plugin built elsewhere, in any language, decodes only the
/// fields it needs. Keys are snake_case; infinities and NaN are the strings "Infinity", "-Infinity", "NaN".
/// Legend: L layers, T tokens, k top-k.
public struct PluginSnapshotPayload: Sendable, Equatable, Codable {
    /// The plugin API version this payload follows.
    public var apiVersion: Int
    /// "tokenized", "running" or "finished".
    public var stage: String
    /// Lens layers done so far (0 = embedding only), and the model's block count L.
    public var layersDone: Int
    public var layerCount: Int
    /// The primary model's display name.
    public var model: String
    /// The prompt's tokens, `[T]`.
    public var tokens: [Token]
    /// Position whose next token is analysed.
    public var queryPosition: Int
    /// Top-k at the query position for each layer done, `[l+1][k]`, descending.
    public var topK: [[Candidate]]
    /// Lens metrics at the query position, one per layer done.
    public var metrics: [Metric]
    /// Attention heatmap rows (blocks 1…l) × prompt tokens, `[l][T]`.
    public var heatmap: [[Float]]
    /// Contrast of the two candidates, when asked for.
    public var contrast: Contrast?

    public struct Token: Sendable, Equatable, Codable {
        public var id: Int
        public var text: String
        public init(id: Int, text: String) {
            self.id = id
            self.text = text
        }
    }

    public struct Candidate: Sendable, Equatable, Codable {
        public var id: Int
        public var text: String
        public var logprob: Float
        public var prob: Float
        public init(id: Int, text: String, logprob: Float, prob: Float) {
            self.id = id
            self.text = text
            self.logprob = logprob
            self.prob = prob
        }
    }

    public struct Metric: Sendable, Equatable, Codable {
        public var layer: Int
        /// Nats.
        public var entropy: Double
        /// KL(final ‖ layer), nats.
        public var klFromFinal: Double
        public var finalTop1Rank: Int
        public var maxProb: Float
        public init(layer: Int, entropy: Double, klFromFinal: Double, finalTop1Rank: Int, maxProb: Float) {
            self.layer = layer
            self.entropy = entropy
            self.klFromFinal = klFromFinal
            self.finalTop1Rank = finalTop1Rank
            self.maxProb = maxProb
        }
    }

    public struct Contrast: Sendable, Equatable, Codable {
        public var a: Token
        public var b: Token
        public var rows: [Row]
        public init(a: Token, b: Token, rows: [Row]) {
            self.a = a
            self.b = b
            self.rows = rows
        }

        public struct Row: Sendable, Equatable, Codable {
            public var layer: Int
            public var logprobA: Float
            public var logprobB: Float
            public var rankA: Int
            public var rankB: Int
            /// logp(A) − logp(B).
            public var logprobDiff: Double
            public init(
                layer: Int, logprobA: Float, logprobB: Float, rankA: Int, rankB: Int, logprobDiff: Double
            ) {
                self.layer = layer
                self.logprobA = logprobA
                self.logprobB = logprobB
                self.rankA = rankA
                self.rankB = rankB
                self.logprobDiff = logprobDiff
            }
        }
    }

    public init(
        stage: String, layersDone: Int, layerCount: Int, model: String, tokens: [Token], queryPosition: Int,
        topK: [[Candidate]] = [], metrics: [Metric] = [], heatmap: [[Float]] = [], contrast: Contrast? = nil
    ) {
        self.apiVersion = PluginInfo.currentAPIVersion
        self.stage = stage
        self.layersDone = layersDone
        self.layerCount = layerCount
        self.model = model
        self.tokens = tokens
        self.queryPosition = queryPosition
        self.topK = topK
        self.metrics = metrics
        self.heatmap = heatmap
        self.contrast = contrast
    }

    /// The payload of a snapshot: the primary model's run only.
    public init(snapshot: SessionSnapshot) {
        let run = snapshot.primary
        let stage: String
        switch snapshot.stage {
        case .tokenized: stage = "tokenized"
        case .running: stage = "running"
        case .finished: stage = "finished"
        }
        let q = run.queryPosition
        self.init(
            stage: stage, layersDone: run.lens.count, layerCount: run.info.layers, model: run.displayName,
            tokens: run.tokens.map { Token(id: $0.id, text: $0.text) }, queryPosition: q,
            topK: run.lens.map { lens in
                guard lens.top.indices.contains(q) else { return [] }
                return lens.top[q].map {
                    Candidate(id: $0.id, text: $0.text, logprob: $0.logprob, prob: $0.prob)
                }
            },
            metrics: snapshot.metrics.map {
                Metric(
                    layer: $0.layer, entropy: $0.entropy, klFromFinal: $0.klFromFinal,
                    finalTop1Rank: $0.finalTop1Rank, maxProb: $0.maxProb)
            },
            heatmap: snapshot.heatmap,
            contrast: snapshot.contrast.map { c in
                Contrast(
                    a: Token(id: c.a.id, text: c.a.text), b: Token(id: c.b.id, text: c.b.text),
                    rows: c.rows.map {
                        Contrast.Row(
                            layer: $0.layer, logprobA: $0.a.logprob, logprobB: $0.b.logprob,
                            rankA: $0.a.rank, rankB: $0.b.rank, logprobDiff: $0.logprobDiff)
                    })
            })
    }

    /// The JSON a plugin receives.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }

    /// Decodes the JSON `encoded()` makes (for Swift plugins and tests).
    public static func decode(_ data: Data) throws -> PluginSnapshotPayload {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(PluginSnapshotPayload.self, from: data)
    }
}
