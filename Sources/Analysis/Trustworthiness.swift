/// How well an embedding keeps each point's nearest neighbours, as scikit-learn defines it.
///
/// T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σ_i Σ_{j ∈ N_k^emb(i)} max(0, r(i, j) − k), where
/// r(i, j) is j's rank (1 = nearest) among i's neighbours in the original space.
/// Exact distance ties are ordered by lower index (scikit-learn's sort is not stable, so on
/// data with duplicate points the two may differ in the last digits).
public enum Trustworthiness {
    /// - Parameters:
    ///   - features: `[N, F]` original points.
    ///   - embedding: `[N, E]` embedded points.
    ///   - k: neighbours considered, `1 ≤ k < N/2`.
    /// - Throws: `.invalidParameter`, `.shapeMismatch` (different N).
    public static func score(features: PointSet, embedding: PointSet, k: Int = 5) throws -> Double {
        let n = features.count
        guard embedding.count == n else {
            throw AnalysisError.shapeMismatch(what: "embedding rows", expected: n, found: embedding.count)
        }
        guard k >= 1 && 2 * k < n else {
            throw AnalysisError.invalidParameter(name: "trustworthiness neighbours", value: "\(k)",
                                                 valid: "between 1 and less than half the points (\(n))")
        }
        let original = features.distanceMatrix()
        let embedded = embedding.distanceMatrix()
        var rank = [Int](repeating: 0, count: n)
        var penalty = 0
        for i in 0 ..< n {
            for (position, j) in NeighborLists.sortedOthers(of: i, matrix: original, count: n).enumerated() {
                rank[j] = position + 1
            }
            for j in NeighborLists.sortedOthers(of: i, matrix: embedded, count: n).prefix(k) {
                penalty += max(0, rank[j] - k)
            }
        }
        let nk = Double(n) * Double(k)
        return 1 - Double(penalty) * 2 / (nk * (2 * Double(n) - 3 * Double(k) - 1))
    }
}
