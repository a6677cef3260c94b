import Foundation

/// Projection of points on their leading principal axes (power iteration with deflation).
///
/// Used for UMAP's initial layout; F is small (T or T(T+1)/2 features), so the F×F
/// covariance is formed directly.
enum PrincipalComponents {
    /// Scores on the first `components` axes: `[N, components]` row-major. A missing axis
    /// (data of lower rank) gives zeros.
    /// - Parameter byGram: use the Gram matrix (nil: when there are more features than points)
    static func project(_ points: PointSet, components: Int, byGram: Bool? = nil) -> [Double] {
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
        if byGram ?? (f > n) { return projectByGram(centered, count: n, dimension: f, components: components) }
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

    /// The same scores from the N×N Gram matrix `X Xᵀ` when there are more features than points (long
    /// prompts: F = T features of L·H heads), instead of the F×F covariance: same eigenvalues, and each
    /// axis is `Xᵀu / ‖Xᵀu‖` for an eigenvector u of the Gram matrix, so the cost is N²·F, not N·F² + F²
    /// per power step.
    /// - Parameter centered: `[N, F]` centred points
    static func projectByGram(_ centered: [Double], count n: Int, dimension f: Int, components: Int) -> [Double] {
        var gram = [Double](repeating: 0, count: n * n)
        centered.withUnsafeBufferPointer { x in
            guard let base = x.baseAddress else { return }
            for a in 0 ..< n {
                for b in a ..< n {
                    let dot = dotProduct(base + a * f, base + b * f, count: f)
                    gram[a * n + b] = dot
                    gram[b * n + a] = dot
                }
            }
        }
        let largest = max(1, gram.reduce(0) { max($0, abs($1)) })
        var scores = [Double](repeating: 0, count: n * components)
        for a in 0 ..< components {
            let (value, u) = leadingEigenvector(gram, size: n)
            guard value > 1e-12 * largest else { continue }
            // Axis v = Xᵀu normalised, with the sign rule of the covariance path.
            var axis = [Double](repeating: 0, count: f)
            for i in 0 ..< n where u[i] != 0 {
                for j in 0 ..< f { axis[j] += centered[i * f + j] * u[i] }
            }
            let norm = axis.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { continue }
            axis = axis.map { $0 / norm }
            if let pivot = axis.indices.max(by: { abs(axis[$0]) < abs(axis[$1]) }), axis[pivot] < 0 {
                axis = axis.map { -$0 }
            }
            centered.withUnsafeBufferPointer { x in
                axis.withUnsafeBufferPointer { v in
                    guard let xb = x.baseAddress, let vb = v.baseAddress else { return }
                    for i in 0 ..< n { scores[i * components + a] = dotProduct(xb + i * f, vb, count: f) }
                }
            }
            for r in 0 ..< n {
                for c in 0 ..< n { gram[r * n + c] -= value * u[r] * u[c] }
            }
        }
        return scores
    }

    /// `Σ a[i]·b[i]` with four running sums (the loop vectorises).
    static func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var s = SIMD4<Double>()
        var i = 0
        let (ra, rb) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        while i + 4 <= count {
            s += ra.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            i += 4
        }
        var total = s.sum()
        while i < count {
            total += a[i] * b[i]
            i += 1
        }
        return total
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
