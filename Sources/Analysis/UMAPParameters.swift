import Foundation

/// Settings of the UMAP embedding, with umap-learn's defaults.
public struct UMAPParameters: Sendable, Equatable {
    /// Neighbours per point (umap-learn `n_neighbors`), truncated to N − 1 for tiny sets.
    public var neighbors: Int = 15
    /// Smallest distance between embedded points (`min_dist`).
    public var minDist: Double = 0.1
    /// Scale of embedded points (`spread`).
    public var spread: Double = 1.0
    /// SGD epochs; `nil` = 500 for N ≤ 10 000, else 200 (umap-learn's rule).
    public var epochs: Int?
    /// Negative samples per positive sample (`negative_sample_rate`).
    public var negativeSampleRate: Int = 5
    /// Initial SGD learning rate, annealed linearly to 0 (`learning_rate`).
    public var learningRate: Double = 1.0
    /// Weight of the repulsive term (`repulsion_strength`, gamma).
    public var repulsionStrength: Double = 1.0
    /// Seed of the deterministic generator (initial noise and negative samples).
    public var seed: UInt64 = 42

    public init() {}

    /// Throws `.invalidParameter` for values umap-learn would reject.
    public func validate() throws {
        if neighbors < 2 {
            throw AnalysisError.invalidParameter(name: "UMAP neighbours", value: "\(neighbors)",
                                                 valid: "≥ 2")
        }
        if !(spread > 0) {
            throw AnalysisError.invalidParameter(name: "UMAP spread", value: "\(spread)", valid: "> 0")
        }
        if !(minDist >= 0 && minDist <= spread) {
            throw AnalysisError.invalidParameter(name: "UMAP min_dist", value: "\(minDist)",
                                                 valid: "between 0 and spread (\(spread))")
        }
        if let epochs, epochs < 1 {
            throw AnalysisError.invalidParameter(name: "UMAP epochs", value: "\(epochs)", valid: "≥ 1")
        }
        if negativeSampleRate < 0 {
            throw AnalysisError.invalidParameter(name: "UMAP negative sample rate",
                                                 value: "\(negativeSampleRate)", valid: "≥ 0")
        }
        if !(learningRate > 0) {
            throw AnalysisError.invalidParameter(name: "UMAP learning rate", value: "\(learningRate)",
                                                 valid: "> 0")
        }
    }
}

/// The curve 1 / (1 + a·d^(2b)) that UMAP uses for low-dimensional similarity.
public enum UMAPCurve {
    /// Fits a and b to the target membership curve, as umap-learn's `find_ab_params` does
    /// (least squares over 300 points of [0, 3·spread], Levenberg–Marquardt from a = b = 1).
    /// For spread 1, min_dist 0.1 this gives a ≈ 1.577, b ≈ 0.895.
    public static func fitAB(spread: Double, minDist: Double) -> (a: Double, b: Double) {
        let count = 300
        let xs = (0 ..< count).map { Double($0) * spread * 3 / Double(count - 1) }
        let ys = xs.map { $0 < minDist ? 1.0 : exp(-($0 - minDist) / spread) }
        func residuals(_ a: Double, _ b: Double) -> Double {
            var s = 0.0
            for (x, y) in zip(xs, ys) {
                let r = 1 / (1 + a * pow(x, 2 * b)) - y
                s += r * r
            }
            return s
        }
        var a = 1.0
        var b = 1.0
        var lambda = 1e-3
        var cost = residuals(a, b)
        for _ in 0 ..< 200 {
            var jtj = (0.0, 0.0, 0.0)  // (aa, ab, bb)
            var jtr = (0.0, 0.0)
            for (x, y) in zip(xs, ys) where x > 0 {
                let x2b = pow(x, 2 * b)
                let denom = 1 + a * x2b
                let f = 1 / denom
                let da = -x2b / (denom * denom)
                let db = -a * x2b * 2 * log(x) / (denom * denom)
                let r = f - y
                jtj.0 += da * da
                jtj.1 += da * db
                jtj.2 += db * db
                jtr.0 += da * r
                jtr.1 += db * r
            }
            var improved = false
            for _ in 0 ..< 20 {
                let m00 = jtj.0 * (1 + lambda)
                let m11 = jtj.2 * (1 + lambda)
                let det = m00 * m11 - jtj.1 * jtj.1
                guard det != 0 else { break }
                let stepA = -(m11 * jtr.0 - jtj.1 * jtr.1) / det
                let stepB = -(m00 * jtr.1 - jtj.1 * jtr.0) / det
                let newCost = residuals(a + stepA, b + stepB)
                if newCost < cost {
                    a += stepA
                    b += stepB
                    let gain = cost - newCost
                    cost = newCost
                    lambda = max(lambda / 10, 1e-12)
                    improved = gain > 1e-15 * max(cost, 1e-300)
                    break
                }
                lambda *= 10
            }
            if !improved { break }
        }
        return (a, b)
    }
}
