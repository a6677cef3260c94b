import Foundation

/// Projection of points on their leading principal axes (power iteration with deflation).
///
/// Used for UMAP's initial layout; F is small (T or T(T+1)/2 features), so the F×F
/// covariance is formed directly.
enum PrincipalComponents {
    /// Scores on the first `components` axes: `[N, components]` row-major. A missing axis
    /// (data of lower rank) gives zeros.
    static func project(_ points: PointSet, components: Int) -> [Double] {
        let n = points.count
        let f = points.dimension
        var mean = [Double](repeating: 0, count: f)
        for i in 0 ..< n {
            for j in 0 ..< f { mean[j] += Double(points.values[i * f + j]) }
        }
        for j in 0 ..< f { mean[j] /= Double(n) }
        var centered = [Double](repeating: 0, count: n * f)
        for i in 0 ..< n {
            for j in 0 ..< f { centered[i * f + j] = Double(points.values[i * f + j]) - mean[j] }
        }
        var cov = [Double](repeating: 0, count: f * f)
        for i in 0 ..< n {
            for r in 0 ..< f {
                let x = centered[i * f + r]
                if x == 0 { continue }
                for c in 0 ..< f { cov[r * f + c] += x * centered[i * f + c] }
            }
        }
        var axes = [[Double]]()
        for _ in 0 ..< components {
            let (value, vector) = leadingEigenvector(cov, size: f)
            guard value > 1e-12 * max(1, cov.reduce(0) { max($0, abs($1)) }) else {
                axes.append([Double](repeating: 0, count: f))
                continue
            }
            axes.append(vector)
            for r in 0 ..< f {
                for c in 0 ..< f { cov[r * f + c] -= value * vector[r] * vector[c] }
            }
        }
        var scores = [Double](repeating: 0, count: n * components)
        for i in 0 ..< n {
            for (a, axis) in axes.enumerated() {
                var s = 0.0
                for j in 0 ..< f { s += centered[i * f + j] * axis[j] }
                scores[i * components + a] = s
            }
        }
        return scores
    }

    /// Largest eigenvalue and unit eigenvector of a symmetric PSD matrix; the sign is fixed so
    /// the largest-magnitude entry is positive (deterministic, like sklearn's `svd_flip`).
    static func leadingEigenvector(_ m: [Double], size f: Int) -> (Double, [Double]) {
        var v = (0 ..< f).map { 1 + 0.01 * Double($0) }
        var value = 0.0
        for _ in 0 ..< 500 {
            var w = [Double](repeating: 0, count: f)
            for r in 0 ..< f {
                var s = 0.0
                for c in 0 ..< f { s += m[r * f + c] * v[c] }
                w[r] = s
            }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return (0, v) }
            let next = w.map { $0 / norm }
            let change = zip(next, v).reduce(0) { $0 + abs($1.0 - $1.1) }
            v = next
            value = norm
            if change < 1e-12 { break }
        }
        if let pivot = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[pivot] < 0 {
            v = v.map { -$0 }
        }
        return (value, v)
    }
}
