/// N points of equal dimension, stored flat for fast distance loops.
///
/// Legend: N points, F features. `values[i * dimension + f]`.
public struct PointSet: Sendable, Equatable {
    public let count: Int  // N
    public let dimension: Int  // F
    public let values: [Float]  // [N, F]

    /// Builds the set from rows, checking that all rows have the same length.
    /// - Throws: `.tooFewPoints` (no rows), `.featureLengthMismatch`, `.invalidParameter` (empty rows).
    public init(rows: [[Float]]) throws {
        guard let first = rows.first else { throw AnalysisError.tooFewPoints(found: 0, needed: 1) }
        guard !first.isEmpty else {
            throw AnalysisError.invalidParameter(name: "feature length", value: "0", valid: "≥ 1")
        }
        for (i, row) in rows.enumerated() where row.count != first.count {
            throw AnalysisError.featureLengthMismatch(expected: first.count, found: row.count, row: i)
        }
        count = rows.count
        dimension = first.count
        values = rows.flatMap { $0 }
    }

    /// Wraps flat values `[N, F]`. - Throws: `.shapeMismatch`, `.tooFewPoints`.
    public init(count: Int, dimension: Int, values: [Float]) throws {
        guard count >= 1 else { throw AnalysisError.tooFewPoints(found: count, needed: 1) }
        guard dimension >= 1, values.count == count * dimension else {
            throw AnalysisError.shapeMismatch(what: "points [N, F]", expected: count * max(dimension, 0),
                                              found: values.count)
        }
        self.count = count
        self.dimension = dimension
        self.values = values
    }

    /// Point i as an array.
    public func row(_ i: Int) -> [Float] { Array(values[i * dimension ..< (i + 1) * dimension]) }

    /// All points as rows `[N][F]`.
    public var rows: [[Float]] { (0 ..< count).map(row) }

    /// Squared euclidean distance between points i and j, accumulated in Double.
    public func squaredDistance(_ i: Int, _ j: Int) -> Double {
        var s = 0.0
        let a = i * dimension
        let b = j * dimension
        for f in 0 ..< dimension {
            let d = Double(values[a + f]) - Double(values[b + f])
            s += d * d
        }
        return s
    }

    /// The full matrix of euclidean distances `[N, N]`, row-major.
    public func distanceMatrix() -> [Double] {
        var d = [Double](repeating: 0, count: count * count)
        for i in 0 ..< count {
            for j in (i + 1) ..< max(count, i + 1) {
                let v = squaredDistance(i, j).squareRoot()
                d[i * count + j] = v
                d[j * count + i] = v
            }
        }
        return d
    }
}
