import Foundation

/// UMAP's weighted neighbour graph (McInnes, Healy & Melville 2018; umap-learn's `fuzzy_simplicial_set`).
///
/// Each point gets a local scale: rho = distance to its nearest other point, sigma found by
/// binary search so that Σ_j exp(−max(0, d_ij − rho)/sigma) = log2(k). The directed weights
/// are symmetrised by fuzzy union, w = p + pᵀ − p∘pᵀ.
public struct FuzzySimplicialSet: Sendable {
    public let count: Int  // N
    /// Symmetric membership strengths `[N, N]`, row-major, zero diagonal.
    public let weights: [Double]
    /// Per-point rho (distance to the nearest other point).
    public let rhos: [Double]
    /// Per-point sigma (smoothing scale).
    public let sigmas: [Double]

    public init(_ neighbors: NeighborLists) {
        let n = neighbors.count
        let k = neighbors.k
        let (rhos, sigmas) = FuzzySimplicialSet.smoothDistances(neighbors)
        var p = [Double](repeating: 0, count: n * n)
        for i in 0 ..< n {
            for slot in 0 ..< k {
                let j = neighbors.indices[i * k + slot]
                if j == i { continue }
                let d = neighbors.distances[i * k + slot]
                let value: Double
                if d - rhos[i] <= 0 || sigmas[i] == 0 {
                    value = 1
                } else {
                    value = exp(-(d - rhos[i]) / sigmas[i])
                }
                p[i * n + j] = value
            }
        }
        var w = [Double](repeating: 0, count: n * n)
        for i in 0 ..< n {
            for j in 0 ..< n {
                let a = p[i * n + j]
                let b = p[j * n + i]
                w[i * n + j] = a + b - a * b
            }
        }
        self.count = n
        self.weights = w
        self.rhos = rhos
        self.sigmas = sigmas
    }

    /// rho and sigma per point, as umap-learn's `smooth_knn_dist` (local connectivity 1, bandwidth 1).
    static func smoothDistances(_ neighbors: NeighborLists) -> (rhos: [Double], sigmas: [Double]) {
        let n = neighbors.count
        let k = neighbors.k
        let target = log2(Double(k))
        let tolerance = 1e-5
        let minScale = 1e-3
        let meanAll = neighbors.distances.reduce(0, +) / Double(max(neighbors.distances.count, 1))
        var rhos = [Double](repeating: 0, count: n)
        var sigmas = [Double](repeating: 0, count: n)
        for i in 0 ..< n {
            let row = neighbors.distances[i * k ..< (i + 1) * k]
            if let firstPositive = row.first(where: { $0 > 0 }) { rhos[i] = firstPositive }
            var lo = 0.0
            var hi = Double.infinity
            var mid = 1.0
            for _ in 0 ..< 64 {
                var psum = 0.0
                for slot in 1 ..< k {
                    let d = row[row.startIndex + slot] - rhos[i]
                    psum += d > 0 ? exp(-(d / mid)) : 1
                }
                if abs(psum - target) < tolerance { break }
                if psum > target {
                    hi = mid
                    mid = (lo + hi) / 2
                } else {
                    lo = mid
                    mid = hi == .infinity ? mid * 2 : (lo + hi) / 2
                }
            }
            let meanRow = row.reduce(0, +) / Double(k)
            let floor = minScale * (rhos[i] > 0 ? meanRow : meanAll)
            sigmas[i] = max(mid, floor)
        }
        return (rhos, sigmas)
    }
}
