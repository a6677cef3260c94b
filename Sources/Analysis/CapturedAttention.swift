import TensorCore

/// Attention views recomputed from a run's attention record (`AttentionCapture`): the query's rows,
/// heatmaps and head features, without ever holding `[L, H, T, T]`.
///
/// Legend: L layers (blocks), H heads, T tokens.
public enum CapturedAttention {
    /// Above this many tokens the whole-pattern head features use only the last this-many positions.
    public static let patternWindow = 256

    /// Every head's row at `query` for blocks 0..<layers, `[l][H·T]` (head h at offset h·T).
    public static func queryRows(_ capture: AttentionCapture, layers: Int, query: Int) -> [[Float]] {
        (0..<layers).map { capture.rows(layer: $0, query: query) }
    }

    /// How much `query` attends to each token, per block, under `aggregation`: `[l][T]` for the blocks
    /// recorded so far (the same rows as `AttentionAggregator.heatmap` on the full stack).
    /// - Throws: `.queryPositionOutOfRange`, `.headOutOfRange`.
    public static func heatmap(
        _ capture: AttentionCapture, layers: Int, query: Int,
        aggregation: AttentionAggregation
    ) throws -> [[Float]] {
        guard let shape = capture.shape(layer: 0) else { return [] }
        let (heads, tokens) = (shape.heads, shape.tokens)
        guard query >= 0 && query < tokens else {
            throw AnalysisError.queryPositionOutOfRange(position: query, tokenCount: tokens)
        }
        switch aggregation {
        case .head(let h):
            guard h >= 0 && h < heads else { throw AnalysisError.headOutOfRange(head: h, headCount: heads) }
            return queryRows(capture, layers: layers, query: query).map {
                Array($0[h * tokens..<(h + 1) * tokens])
            }
        case .meanOverHeads:
            return queryRows(capture, layers: layers, query: query).map { rows in
                var row = [Double](repeating: 0, count: tokens)
                for h in 0..<heads {
                    for k in 0..<tokens { row[k] += Double(rows[h * tokens + k]) }
                }
                return row.map { Float($0 / Double(heads)) }
            }
        case .maxOverHeads:
            return queryRows(capture, layers: layers, query: query).map { rows in
                var row = [Float](repeating: -.infinity, count: tokens)
                for h in 0..<heads {
                    for k in 0..<tokens { row[k] = max(row[k], rows[h * tokens + k]) }
                }
                return row
            }
        case .rollout:
            let n = query + 1
            let rows = AttentionRollout.queryRows(layers: layers, tokens: n, query: query) { l in
                let p = capture.pattern(layer: l, tokens: n)
                var mean = [Double](repeating: 0, count: n * n)
                for h in 0..<heads {
                    for i in 0..<n * n { mean[i] += Double(p[h * n * n + i]) }
                }
                return AttentionRollout.mixed(mean: mean.map { $0 / Double(heads) }, tokens: n)
            }
            return rows.map { $0 + [Float](repeating: 0, count: tokens - n) }
        }
    }

    /// The positions whose whole pattern describes a head: all of them up to `patternWindow` tokens,
    /// else the last `patternWindow` (the clustering chart says so).
    public static func patternPositions(tokens: Int) -> Range<Int> {
        max(0, tokens - patternWindow)..<tokens
    }

    /// Feature vectors of every head (row l·H + h), as `HeadFeatures.features` on the full stack, except
    /// that `.fullPattern` covers only `patternPositions` (queries and keys) on long prompts.
    /// - Throws: `.queryPositionOutOfRange`, `.tooFewLayers`.
    public static func features(
        _ capture: AttentionCapture, layers: Int, query: Int,
        kind: HeadFeatureKind
    ) throws -> PointSet {
        guard layers >= 1, let shape = capture.shape(layer: 0) else {
            throw AnalysisError.tooFewLayers(found: layers, needed: 1)
        }
        let (heads, tokens) = (shape.heads, shape.tokens)
        guard query >= 0 && query < tokens else {
            throw AnalysisError.queryPositionOutOfRange(position: query, tokenCount: tokens)
        }
        var values = [Float]()
        let dimension: Int
        switch kind {
        case .queryRow:
            dimension = query + 1
            values.reserveCapacity(layers * heads * dimension)
            for rows in queryRows(capture, layers: layers, query: query) {
                for h in 0..<heads { values += rows[h * tokens...h * tokens + query] }
            }
        case .fullPattern:
            let span = patternPositions(tokens: tokens)
            let w = span.count
            dimension = w * (w + 1) / 2
            var perHead = [[Float]](repeating: [], count: layers * heads)
            for l in 0..<layers {
                for i in span {
                    let rows = capture.rows(layer: l, query: i)
                    for h in 0..<heads {
                        perHead[l * heads + h] += rows[(h * tokens + span.lowerBound)...(h * tokens + i)]
                    }
                }
            }
            values.reserveCapacity(layers * heads * dimension)
            for row in perHead { values += row }
        }
        return try PointSet(count: layers * heads, dimension: dimension, values: values)
    }
}
