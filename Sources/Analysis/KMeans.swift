import Foundation

/// The outcome of k-means: one label per point, the centroids and the inertia.
public struct KMeansResult: Sendable, Equatable {
    /// `[N]` cluster of each point, `0 ..< k`.
    public let labels: [Int]
    /// `[k, F]` cluster means.
    public let centroids: PointSet
    /// Σ over points of the squared distance to their centroid.
    public let inertia: Double
}

/// k-means with k-means++ initialisation, several restarts, Lloyd iterations to convergence.
///
/// Follows scikit-learn's `KMeans`: greedy k-means++ (2 + ⌊ln k⌋ candidates per centre, the one
/// that lowers the potential most is kept), Lloyd until no label changes, lowest inertia kept.
/// Deterministic for a seed.
public enum KMeans {
    /// - Parameters:
    ///   - points: `[N, F]`.
    ///   - clusters: k, `1 ≤ k ≤ N`.
    ///   - restarts: independent k-means++ starts (≥ 1; the app uses ≥ 10).
    /// - Throws: `.tooManyClusters`, `.invalidParameter`.
    public static func fit(_ points: PointSet, clusters k: Int, restarts: Int = 10,
                           maxIterations: Int = 300, seed: UInt64 = 0) throws -> KMeansResult {
        guard k >= 1 else {
            throw AnalysisError.invalidParameter(name: "clusters", value: "\(k)", valid: "≥ 1")
        }
        guard k <= points.count else {
            throw AnalysisError.tooManyClusters(clusters: k, points: points.count)
        }
        guard restarts >= 1 else {
            throw AnalysisError.invalidParameter(name: "restarts", value: "\(restarts)", valid: "≥ 1")
        }
        guard maxIterations >= 1 else {
            throw AnalysisError.invalidParameter(name: "iterations", value: "\(maxIterations)",
                                                 valid: "≥ 1")
        }
        let data = points.values.map { Double($0) }
        var rng = SeededGenerator(seed: seed)
        var best: (labels: [Int], centers: [Double], inertia: Double)?
        for _ in 0 ..< restarts {
            var centers = plusPlusCenters(data, n: points.count, f: points.dimension, k: k, rng: &rng)
            let (labels, inertia) = lloyd(data, n: points.count, f: points.dimension, k: k,
                                          centers: &centers, maxIterations: maxIterations)
            if best == nil || inertia < (best?.inertia ?? .infinity) {
                best = (labels, centers, inertia)
            }
        }
        guard let best else { throw AnalysisError.tooFewPoints(found: points.count, needed: k) }
        return KMeansResult(
            labels: best.labels,
            centroids: try PointSet(count: k, dimension: points.dimension,
                                    values: best.centers.map { Float($0) }),
            inertia: best.inertia)
    }

    static func squaredDistance(_ data: [Double], _ i: Int, _ centers: [Double], _ c: Int, f: Int) -> Double {
        var s = 0.0
        for j in 0 ..< f {
            let d = data[i * f + j] - centers[c * f + j]
            s += d * d
        }
        return s
    }

    /// Greedy k-means++ seeding: `[k, F]`.
    static func plusPlusCenters(_ data: [Double], n: Int, f: Int, k: Int,
                                rng: inout SeededGenerator) -> [Double] {
        var centers = [Double]()
        centers.reserveCapacity(k * f)
        let first = rng.nextInt(below: n)
        centers.append(contentsOf: data[first * f ..< (first + 1) * f])
        var closest = (0 ..< n).map { squaredDistance(data, $0, centers, 0, f: f) }
        let trials = 2 + Int(log(Double(k)))
        for c in 1 ..< max(k, 1) {
            let potential = closest.reduce(0, +)
            var bestCandidate = -1
            var bestPotential = Double.infinity
            var bestClosest = closest
            for _ in 0 ..< trials {
                let candidate = sample(closest, total: potential, rng: &rng)
                var trial = closest
                for i in 0 ..< n {
                    var s = 0.0
                    for j in 0 ..< f {
                        let d = data[i * f + j] - data[candidate * f + j]
                        s += d * d
                    }
                    trial[i] = min(trial[i], s)
                }
                let total = trial.reduce(0, +)
                if total < bestPotential {
                    bestPotential = total
                    bestCandidate = candidate
                    bestClosest = trial
                }
            }
            let chosen = bestCandidate >= 0 ? bestCandidate : c % n
            centers.append(contentsOf: data[chosen * f ..< (chosen + 1) * f])
            closest = bestClosest
        }
        return centers
    }

    /// A point index drawn with probability proportional to `weights` (uniform if all are 0).
    static func sample(_ weights: [Double], total: Double, rng: inout SeededGenerator) -> Int {
        guard total > 0 else { return rng.nextInt(below: weights.count) }
        let target = rng.nextUnit() * total
        var acc = 0.0
        for (i, w) in weights.enumerated() {
            acc += w
            if acc > target { return i }
        }
        return weights.lastIndex(where: { $0 > 0 }) ?? 0
    }

    /// Lloyd iterations until no label changes; empty clusters move to the farthest point.
    static func lloyd(_ data: [Double], n: Int, f: Int, k: Int, centers: inout [Double],
                      maxIterations: Int) -> (labels: [Int], inertia: Double) {
        var labels = [Int](repeating: -1, count: n)
        var distances = [Double](repeating: 0, count: n)
        for _ in 0 ..< maxIterations {
            var changed = false
            for i in 0 ..< n {
                var bestC = 0
                var bestD = Double.infinity
                for c in 0 ..< k {
                    let d = squaredDistance(data, i, centers, c, f: f)
                    if d < bestD {
                        bestD = d
                        bestC = c
                    }
                }
                distances[i] = bestD
                if labels[i] != bestC {
                    labels[i] = bestC
                    changed = true
                }
            }
            if !changed { break }
            var sums = [Double](repeating: 0, count: k * f)
            var counts = [Int](repeating: 0, count: k)
            for i in 0 ..< n {
                counts[labels[i]] += 1
                for j in 0 ..< f { sums[labels[i] * f + j] += data[i * f + j] }
            }
            for c in 0 ..< k {
                if counts[c] == 0 {
                    let far = distances.indices.max(by: { distances[$0] < distances[$1] }) ?? 0
                    for j in 0 ..< f { centers[c * f + j] = data[far * f + j] }
                    distances[far] = 0
                } else {
                    for j in 0 ..< f { centers[c * f + j] = sums[c * f + j] / Double(counts[c]) }
                }
            }
        }
        let inertia = (0 ..< n).reduce(0.0) { $0 + squaredDistance(data, $1, centers, labels[$1], f: f) }
        return (labels, inertia)
    }
}
