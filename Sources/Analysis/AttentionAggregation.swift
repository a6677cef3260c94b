/// How the heads of a layer are combined into one attention heatmap row.
public enum AttentionAggregation: Sendable, Equatable, Hashable {
    /// Mean over heads (the seed app's heatmap).
    case meanOverHeads
    /// Maximum over heads, per key position.
    case maxOverHeads
    /// One head, 0-based.
    case head(Int)
    /// Attention rollout (Abnar & Zuidema 2020), see `AttentionRollout`.
    case rollout
}

/// Attention heatmaps: rows = layers 1…L, columns = prompt tokens.
public enum AttentionAggregator {
    /// How much the query position attends to each token, per layer, under `aggregation`.
    /// - Parameters:
    ///   - attention: the run's attention `[L, H, T, T]`.
    ///   - query: the query position q, 0-based.
    /// - Returns: `[L][T]`; row l-1 is block l; for `.rollout` it is row q of R_l.
    /// - Throws: `.queryPositionOutOfRange`, `.headOutOfRange`.
    public static func heatmap(_ attention: AttentionStack, query: Int,
                               aggregation: AttentionAggregation) throws -> [[Float]] {
        try attention.checkQuery(query)
        let heads = attention.headCount
        let tokens = attention.tokenCount
        switch aggregation {
        case .head(let h):
            try attention.checkHead(h)
            return (0 ..< attention.layerCount).map { attention.row(layer: $0, head: h, query: query) }
        case .meanOverHeads:
            return (0 ..< attention.layerCount).map { l in
                var row = [Double](repeating: 0, count: tokens)
                for h in 0 ..< heads {
                    let start = attention.rowOffset(layer: l, head: h, query: query)
                    for k in 0 ..< tokens { row[k] += Double(attention.values[start + k]) }
                }
                return row.map { Float($0 / Double(heads)) }
            }
        case .maxOverHeads:
            return (0 ..< attention.layerCount).map { l in
                var row = [Float](repeating: -.infinity, count: tokens)
                for h in 0 ..< heads {
                    let start = attention.rowOffset(layer: l, head: h, query: query)
                    for k in 0 ..< tokens { row[k] = max(row[k], attention.values[start + k]) }
                }
                return row
            }
        case .rollout:
            let matrices = AttentionRollout.rollout(attention)
            return matrices.map { r in Array(r[query * tokens ..< (query + 1) * tokens]) }
        }
    }

    /// Every head's row at the query position: `[L][H][T]`.
    /// - Throws: `.queryPositionOutOfRange`.
    public static func perHead(_ attention: AttentionStack, query: Int) throws -> [[[Float]]] {
        try attention.checkQuery(query)
        return (0 ..< attention.layerCount).map { l in
            (0 ..< attention.headCount).map { h in attention.row(layer: l, head: h, query: query) }
        }
    }
}
