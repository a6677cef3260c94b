/// The lens top-1 token at one (layer, position).
public struct LensTop1: Sendable, Equatable {
    public let id: Int
    public let prob: Float
    /// The token decoded to text, compared when the vocabularies differ.
    public let text: String

    public init(id: Int, prob: Float, text: String) {
        self.id = id
        self.prob = prob
        self.text = text
    }
}

/// What model comparison needs of one model's run, validated.
///
/// Legend: L layers, T tokens, V vocabulary (each model has its own).
public struct ComparisonInput: Sendable, Equatable {
    /// Shown in error messages, e.g. the model's name.
    public let name: String
    /// `[L+1][T]` lens top-1 at every layer and position.
    public let top1: [[LensTop1]]
    /// `[L+1][V]` lens log-probs at the query position.
    public let queryLogprobs: [[Float]]
    /// `[L][T]` mean-over-heads attention of the query row, row l-1 = block l.
    public let queryAttention: [[Float]]
    /// Query position in this model's tokens.
    public let queryPosition: Int

    /// - Throws: `.tooFewLayers`, `.shapeMismatch`, `.vocabularySizeMismatch`, `.queryPositionOutOfRange`.
    public init(name: String, top1: [[LensTop1]], queryLogprobs: [[Float]], queryAttention: [[Float]],
                queryPosition: Int) throws {
        guard top1.count >= 2 else { throw AnalysisError.tooFewLayers(found: top1.count, needed: 2) }
        let tokens = top1[0].count
        for row in top1 where row.count != tokens {
            throw AnalysisError.shapeMismatch(what: "\(name) lens top-1 [L+1, T]", expected: tokens,
                                              found: row.count)
        }
        guard queryPosition >= 0 && queryPosition < tokens else {
            throw AnalysisError.queryPositionOutOfRange(position: queryPosition, tokenCount: tokens)
        }
        guard queryLogprobs.count == top1.count else {
            throw AnalysisError.shapeMismatch(what: "\(name) query log-probs [L+1, V] rows",
                                              expected: top1.count, found: queryLogprobs.count)
        }
        let vocab = queryLogprobs[0].count
        guard vocab > 0 else { throw AnalysisError.emptyDistribution }
        for (i, row) in queryLogprobs.enumerated() where row.count != vocab {
            throw AnalysisError.vocabularySizeMismatch(expected: vocab, found: row.count, row: i)
        }
        guard queryAttention.count == top1.count - 1 else {
            throw AnalysisError.shapeMismatch(what: "\(name) query attention [L, T] rows",
                                              expected: top1.count - 1, found: queryAttention.count)
        }
        for row in queryAttention where row.count != tokens {
            throw AnalysisError.shapeMismatch(what: "\(name) query attention [L, T]", expected: tokens,
                                              found: row.count)
        }
        self.name = name
        self.top1 = top1
        self.queryLogprobs = queryLogprobs
        self.queryAttention = queryAttention
        self.queryPosition = queryPosition
    }

    /// L.
    public var layerCount: Int { top1.count - 1 }
    /// T.
    public var tokenCount: Int { top1[0].count }
    /// Depth l / L of layer l.
    public func depth(ofLayer l: Int) -> Double { Double(l) / Double(layerCount) }
}
