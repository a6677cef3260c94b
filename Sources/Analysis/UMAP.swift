import Foundation

/// UMAP to 2-D, following umap-learn's published algorithm (McInnes et al. 2018).
///
/// Steps: exact kNN → smooth kNN distances → fuzzy union graph → PCA initialisation →
/// SGD with negative sampling. PCA (not umap-learn's default spectral) initialisation:
/// it is deterministic, cheap for a few hundred points, needs no eigen-solver of the graph
/// Laplacian, and umap-learn offers it as `init="pca"`; the SGD then forms the local structure.
public enum UMAP {
    /// Embeds `points` in 2-D. - Returns: `[N, 2]`.
    /// - Throws: `.tooFewPoints` (N < 3), `.invalidParameter`.
    public static func embed(_ points: PointSet, parameters: UMAPParameters = UMAPParameters()) throws
        -> PointSet
    {
        try parameters.validate()
        let n = points.count
        guard n >= 3 else { throw AnalysisError.tooFewPoints(found: n, needed: 3) }
        let k = min(parameters.neighbors, n - 1)
        let neighbors = try NeighborLists(points, k: k)
        let graph = FuzzySimplicialSet(neighbors)
        let epochs = parameters.epochs ?? (n <= 10_000 ? 500 : 200)
        var rng = SeededGenerator(seed: parameters.seed)
        var embedding = initialEmbedding(points, rng: &rng)
        let (a, b) = UMAPCurve.fitAB(spread: parameters.spread, minDist: parameters.minDist)
        let layout = UMAPLayout(graph: graph, epochs: epochs, a: Float(a), b: Float(b),
                                gamma: Float(parameters.repulsionStrength),
                                learningRate: Float(parameters.learningRate),
                                negativeSampleRate: parameters.negativeSampleRate)
        layout.optimize(&embedding, count: n, rng: &rng)
        return try PointSet(count: n, dimension: 2, values: embedding)
    }

    /// PCA projection scaled to max |coord| = 10, plus N(0, 1e-4) noise, then each axis
    /// rescaled to [0, 10] (umap-learn's `noisy_scale_coords` and pre-SGD normalisation).
    static func initialEmbedding(_ points: PointSet, rng: inout SeededGenerator) -> [Float] {
        let n = points.count
        var coords = PrincipalComponents.project(points, components: 2)  // [N, 2] Double
        let maxAbs = coords.reduce(0) { max($0, abs($1)) }
        let expansion = maxAbs > 0 ? 10 / maxAbs : 1
        for i in coords.indices { coords[i] = coords[i] * expansion + 1e-4 * rng.nextGaussian() }
        for axis in 0 ..< 2 {
            var lo = Double.infinity
            var hi = -Double.infinity
            for i in 0 ..< n {
                lo = min(lo, coords[i * 2 + axis])
                hi = max(hi, coords[i * 2 + axis])
            }
            let range = hi - lo
            for i in 0 ..< n {
                coords[i * 2 + axis] = range > 0 ? 10 * (coords[i * 2 + axis] - lo) / range : 5
            }
        }
        return coords.map { Float($0) }
    }
}
