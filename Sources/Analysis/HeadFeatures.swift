/// Which part of a head's attention pattern describes the head for clustering.
public enum HeadFeatureKind: Sendable, Equatable, Hashable {
    /// The head's attention row at the query position, `attn[l][h][q][0...q]` (q + 1 values;
    /// for q = T − 1 this is the whole row, the seed app's feature).
    case queryRow
    /// The whole causal pattern: the lower triangle incl. diagonal, row-major (T(T+1)/2 values).
    case fullPattern
}

/// One attention head, 0-based.
public struct HeadID: Sendable, Equatable, Hashable {
    public let layer: Int
    public let head: Int

    public init(layer: Int, head: Int) {
        self.layer = layer
        self.head = head
    }

    /// 1-based label as the app and the fixtures show it, e.g. `L1H1`.
    public var label: String { "L\(layer + 1)H\(head + 1)" }
}

/// Feature vectors of every head, one row per head in layer-major order (row = l·H + h).
public enum HeadFeatures {
    /// - Returns: `[L·H, F]` with F = q + 1 (`.queryRow`) or T(T+1)/2 (`.fullPattern`).
    /// - Throws: `.queryPositionOutOfRange`.
    public static func features(_ attention: AttentionStack, query: Int, kind: HeadFeatureKind) throws
        -> PointSet
    {
        try attention.checkQuery(query)
        let t = attention.tokenCount
        let dimension = kind == .queryRow ? query + 1 : t * (t + 1) / 2
        let rows = attention.layerCount * attention.headCount
        var values = [Float]()
        values.reserveCapacity(rows * dimension)
        for l in 0 ..< attention.layerCount {
            for h in 0 ..< attention.headCount {
                switch kind {
                case .queryRow:
                    let start = attention.rowOffset(layer: l, head: h, query: query)
                    values.append(contentsOf: attention.values[start ... start + query])
                case .fullPattern:
                    for q in 0 ..< t {
                        let start = attention.rowOffset(layer: l, head: h, query: q)
                        values.append(contentsOf: attention.values[start ... start + q])
                    }
                }
            }
        }
        return try PointSet(count: rows, dimension: dimension, values: values)
    }

    /// The head of feature row `index` for a model with `headCount` heads per layer.
    public static func head(ofRow index: Int, headCount: Int) -> HeadID {
        HeadID(layer: index / headCount, head: index % headCount)
    }
}
