import Foundation

/// The lens metrics of one layer at the query position.
public struct LayerMetrics: Sendable, Equatable {
    /// Layer index l, 0 = embedding, L = the model's output.
    public let layer: Int
    /// Entropy −Σ p log p, in nats.
    public let entropy: Double
    /// KL(final ‖ layer l) = Σ p_final (log p_final − log p_l), in nats; 0 at l = L.
    public let klFromFinal: Double
    /// Rank (1 = top) at this layer of the token the final layer ranks first.
    public let finalTop1Rank: Int
    /// Largest probability in this layer's distribution.
    public let maxProb: Float
}

/// Per-layer metrics of the logit lens at one position.
public enum LayerMetricsCalculator {
    /// Entropy (nats) of a log-prob row, accumulated in `Double`; −∞ entries contribute 0.
    public static func entropy(_ logprobs: [Float]) throws -> Double {
        guard !logprobs.isEmpty else { throw AnalysisError.emptyDistribution }
        var h = 0.0
        for lp in logprobs where lp > -Float.infinity {
            let l = Double(lp)
            h -= exp(l) * l
        }
        return h
    }

    /// KL(p ‖ q) = Σ p (log p − log q) in nats, both given as log-prob rows of one vocabulary.
    ///
    /// Terms with p = 0 contribute 0; a token with p > 0 and q = 0 makes the result +∞.
    public static func kl(_ p: [Float], _ q: [Float]) throws -> Double {
        guard !p.isEmpty else { throw AnalysisError.emptyDistribution }
        guard p.count == q.count else {
            throw AnalysisError.vocabularySizeMismatch(expected: p.count, found: q.count, row: 1)
        }
        var sum = 0.0
        for i in p.indices where p[i] > -Float.infinity {
            let lp = Double(p[i])
            sum += exp(lp) * (lp - Double(q[i]))
        }
        return sum
    }

    /// Metrics for every layer 0…L from the lens log-probs at the query position.
    /// - Parameter lens: `[L+1][V]` log-probs, row l = layer l, row L = the model's output.
    /// - Throws: `.tooFewLayers` (fewer than 2 rows), `.vocabularySizeMismatch`, `.emptyDistribution`.
    public static func metrics(lens: [[Float]]) throws -> [LayerMetrics] {
        guard lens.count >= 2 else { throw AnalysisError.tooFewLayers(found: lens.count, needed: 2) }
        let vocab = lens[0].count
        guard vocab > 0 else { throw AnalysisError.emptyDistribution }
        for (row, values) in lens.enumerated() where values.count != vocab {
            throw AnalysisError.vocabularySizeMismatch(expected: vocab, found: values.count, row: row)
        }
        let final = lens[lens.count - 1]
        let finalTop = try LensReadout.top1(final)
        return try lens.enumerated().map { layer, row in
            let top = try LensReadout.top1(row)
            return LayerMetrics(
                layer: layer,
                entropy: try entropy(row),
                klFromFinal: try kl(final, row),
                finalTop1Rank: try LensReadout.standing(of: finalTop.id, in: row).rank,
                maxProb: top.prob)
        }
    }
}
