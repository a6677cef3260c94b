/// The two gradient steps of one sample on the `[N, 2]` layout (indices are point × 2).
struct UMAPKernel {
    let a: Float
    let b: Float
    let gamma: Float
    let attractive: UnsafeBufferPointer<Float>
    let repulsive: UnsafeBufferPointer<Float>

    /// Pulls head j and tail k together.
    @inline(__always)
    func attract(_ e: UnsafeMutablePointer<Float>, _ j: Int, _ k: Int, alpha: Float) {
        let dx = e[j] - e[k]
        let dy = e[j + 1] - e[k + 1]
        let d2 = dx * dx + dy * dy
        guard d2 > 0 else { return }
        let coeff = UMAPGradientTable.lookup(attractive, d2)
            ?? UMAPGradientTable.exactAttractive(d2, a: a, b: b)
        let gx = clip(coeff * dx) * alpha
        let gy = clip(coeff * dy) * alpha
        e[j] += gx
        e[j + 1] += gy
        e[k] -= gx
        e[k + 1] -= gy
    }

    /// Pushes head j away from negative sample `other` (only j moves).
    @inline(__always)
    func repel(_ e: UnsafeMutablePointer<Float>, _ j: Int, _ other: Int, alpha: Float) {
        let moved = repelled((e[j], e[j + 1]), from: e, other, alpha: alpha)
        e[j] = moved.0
        e[j + 1] = moved.1
    }

    /// `point` after being pushed away from negative sample `other`.
    @inline(__always)
    func repelled(_ point: (Float, Float), from e: UnsafeMutablePointer<Float>, _ other: Int,
                  alpha: Float) -> (Float, Float) {
        let dx = point.0 - e[other]
        let dy = point.1 - e[other + 1]
        let d2 = dx * dx + dy * dy
        // clip(c·dx)·α as clamp(c·(dx·α), ±4α): dx·α is ready while c is looked up, which
        // takes a multiply off the dependency chain through the head point.
        let (sx, sy, limit) = (dx * alpha, dy * alpha, 4 * alpha)
        let coeff: Float
        if let tabulated = UMAPGradientTable.lookup(repulsive, d2) {
            coeff = tabulated
        } else {
            // Outside the table, which includes d² = 0 (no push, as in umap-learn).
            guard d2 > 0 else { return point }
            coeff = UMAPGradientTable.exactRepulsive(d2, a: a, b: b, gamma: gamma)
        }
        return (point.0 + clamp(coeff * sx, limit), point.1 + clamp(coeff * sy, limit))
    }

    /// Clamps v to [−limit, limit].
    @inline(__always)
    private func clamp(_ v: Float, _ limit: Float) -> Float {
        let low = v < -limit ? -limit : v
        return low > limit ? limit : low
    }

    /// Clamps a gradient component to [−4, 4] (umap-learn's `clip`); two compares compile to
    /// minss/maxss, where `min(max(…))` with its NaN rules costs several more instructions.
    @inline(__always)
    private func clip(_ v: Float) -> Float {
        let low = v < -4 ? -4 : v
        return low > 4 ? 4 : low
    }
}
