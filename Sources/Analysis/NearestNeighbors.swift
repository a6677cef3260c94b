/// Exact k-nearest-neighbour lists by brute force (euclidean).
///
/// Head clustering has a few hundred points (270 for SmolLM2), so the O(N² F) scan is
/// cheaper than building an index and gives exact neighbours.
public struct NeighborLists: Sendable, Equatable {
    public let count: Int  // N
    public let k: Int
    /// `[N, k]`: point i's neighbours, itself first, then by distance, ties by lower index.
    public let indices: [Int]
    /// `[N, k]`: the matching euclidean distances (0 for itself).
    public let distances: [Double]

    /// Neighbour lists including each point itself, as umap-learn's `nearest_neighbors` gives.
    /// - Throws: `.invalidParameter` unless `1 ≤ k ≤ N`.
    public init(_ points: PointSet, k: Int) throws {
        guard k >= 1 && k <= points.count else {
            throw AnalysisError.invalidParameter(
                name: "neighbours", value: "\(k)",
                valid: "between 1 and the number of points (\(points.count))")
        }
        let n = points.count
        let matrix = points.distanceMatrix()
        var indices = [Int]()
        var distances = [Double]()
        indices.reserveCapacity(n * k)
        distances.reserveCapacity(n * k)
        for i in 0 ..< n {
            indices.append(i)
            distances.append(0)
            for j in NeighborLists.nearestOthers(of: i, matrix: matrix, count: n, k: k - 1) {
                indices.append(j)
                distances.append(matrix[i * n + j])
            }
        }
        self.count = n
        self.k = k
        self.indices = indices
        self.distances = distances
    }

    /// The `k` points other than i nearest to it, nearest first, ties by lower index
    /// (partial selection with a sorted buffer, as in `LensReadout.topK`).
    static func nearestOthers(of i: Int, matrix: [Double], count n: Int, k: Int) -> [Int] {
        guard k > 0 else { return [] }
        var ids = [Int]()
        var dist = [Double]()
        ids.reserveCapacity(k + 1)
        dist.reserveCapacity(k + 1)
        matrix.withUnsafeBufferPointer { m in
            for j in 0 ..< n where j != i {
                let d = m[i * n + j]
                if ids.count == k {
                    guard let worst = dist.last, d < worst else { continue }
                    ids.removeLast()
                    dist.removeLast()
                }
                var slot = dist.count
                while slot > 0 && dist[slot - 1] > d { slot -= 1 }
                dist.insert(d, at: slot)
                ids.insert(j, at: slot)
            }
        }
        return ids
    }

    /// All points other than i, nearest first, ties by lower index.
    static func sortedOthers(of i: Int, matrix: [Double], count n: Int) -> [Int] {
        var others = Array(0 ..< n)
        others.remove(at: i)
        others.sort { a, b in
            let da = matrix[i * n + a]
            let db = matrix[i * n + b]
            return da != db ? da < db : a < b
        }
        return others
    }
}
