import Foundation

/// One token of a lens distribution: its id, log-probability and probability.
public struct TokenScore: Sendable, Equatable, Hashable {
    public let id: Int
    public let logprob: Float
    public let prob: Float

    public init(id: Int, logprob: Float) {
        self.id = id
        self.logprob = logprob
        self.prob = expf(logprob)
    }
}

/// Where one token stands in a lens distribution.
public struct TokenStanding: Sendable, Equatable {
    public let id: Int
    public let logprob: Float
    public let prob: Float
    /// 1 + the number of entries strictly greater (tied tokens share a rank).
    public let rank: Int
}

/// Reads one lens row (log-probs `[V]` for one layer and position): top-k and any token's standing.
///
/// Top-k uses one pass with a small sorted buffer (partial selection), not a full sort, so it
/// stays well under a millisecond for V = 50 257.
public enum LensReadout {
    /// The `k` most probable tokens, descending by log-prob; ties keep the lower id first.
    ///
    /// NaN entries are skipped. Returns fewer than `k` entries only if the row is shorter.
    /// - Parameter logprobs: `[V]` log-probs of one (layer, position).
    /// - Throws: `.emptyDistribution`, `.invalidTopK`.
    public static func topK(_ logprobs: [Float], k: Int) throws -> [TokenScore] {
        guard !logprobs.isEmpty else { throw AnalysisError.emptyDistribution }
        guard k >= 1 else { throw AnalysisError.invalidTopK(k: k) }
        return logprobs.withUnsafeBufferPointer { buf in
            TopKSelection.select(buf, k: k).map { TokenScore(id: $0.index, logprob: $0.value) }
        }
    }

    /// The top-1 token (lowest id among exact ties).
    public static func top1(_ logprobs: [Float]) throws -> TokenScore {
        let top = try topK(logprobs, k: 1)
        guard let first = top.first else {
            throw AnalysisError.nonFiniteDistribution(count: logprobs.count)
        }
        return first
    }

    /// Probability, log-probability and rank of token `id`.
    ///
    /// Rank = 1 + the number of entries strictly greater, so the top token has rank 1.
    /// - Throws: `.emptyDistribution`, `.tokenOutOfRange`.
    public static func standing(of id: Int, in logprobs: [Float]) throws -> TokenStanding {
        guard !logprobs.isEmpty else { throw AnalysisError.emptyDistribution }
        guard id >= 0 && id < logprobs.count else {
            throw AnalysisError.tokenOutOfRange(id: id, vocabularySize: logprobs.count)
        }
        let value = logprobs[id]
        var greater = 0
        logprobs.withUnsafeBufferPointer { buf in
            for v in buf where v > value { greater += 1 }
        }
        return TokenStanding(id: id, logprob: value, prob: expf(value), rank: 1 + greater)
    }
}
