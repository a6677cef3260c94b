import Foundation

/// Numerically stable log-softmax of one logits row, in place.
///
/// Subtracts the row maximum before exponentiating and sums the exponentials in `Double`,
/// so rows of V ≈ 50 000 logits keep their small probabilities (`exp` stays in `Float`).
/// Entries of −∞ stay −∞; NaN entries are ignored for the normaliser and stay NaN.
/// - Parameter row: logits `[V]`, replaced by log-probs `[V]`.
/// - Throws: `AnalysisError.emptyDistribution` or `.nonFiniteDistribution` (no finite entry).
public func logSoftmax(_ row: inout [Float]) throws {
    guard !row.isEmpty else { throw AnalysisError.emptyDistribution }
    var maxValue = -Float.infinity
    for v in row where v > maxValue { maxValue = v }
    guard maxValue.isFinite else { throw AnalysisError.nonFiniteDistribution(count: row.count) }
    var sum = 0.0
    row.withUnsafeBufferPointer { buf in
        for v in buf where v > -Float.infinity {  // false for NaN and −∞
            sum += Double(expf(v - maxValue))
        }
    }
    // (x − max) − log Σ: subtracting in two steps keeps precision when |max| is large.
    let logSum = Float(log(sum))
    row.withUnsafeMutableBufferPointer { buf in
        for i in buf.indices { buf[i] = (buf[i] - maxValue) - logSum }
    }
}
