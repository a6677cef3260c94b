import TensorCore

/// The final norm frozen at one residual row and projected onto one logit (or a logit difference).
///
/// With the norm's scale held at its value for `resid[L][t]`, the logit of a target token becomes a
/// linear function of the residual row: `logit = direction · x + constant`. Every additive piece of
/// the residual stream (embedding, each block's attention and MLP, each head) then gets its own part,
/// and the parts sum exactly to the model's own logit at `x = resid[L][t]`.
/// Legend: D width, E unembedding width.
public struct FrozenReadout: Sendable, Equatable {
    /// `[D]`: the unembedding row difference, pulled back through the frozen final norm.
    public let direction: [Float]
    /// The part no residual piece carries: LayerNorm's bias projected onto the target; nil when the
    /// final norm has no bias (RMSNorm).
    public let constant: Float?

    public init(direction: [Float], constant: Float?) {
        self.direction = direction
        self.constant = constant
    }

    /// `direction · x`, the part of a residual piece `x` `[D]`.
    public func part(of x: UnsafePointer<Float>) -> Float {
        var sum: Double = 0
        for i in 0..<direction.count { sum += Double(direction[i]) * Double(x[i]) }
        return Float(sum)
    }

    /// `direction · x` for an array `[D]`.
    public func part(of x: [Float]) -> Float {
        x.withUnsafeBufferPointer { b in b.baseAddress.map { part(of: $0) } ?? 0 }
    }
}

/// How a family's final norm reads the residual stream, for freezing it (see `FrozenReadout`).
///
/// Legend: D width, E unembedding width.
struct FinalNormForm {
    enum Kind {
        /// `(x − mean) / √(var + eps) · weight + bias`.
        case layerNorm(weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, eps: Float)
        /// `x / √(mean(x²) + eps) · weight` (Llama; Gemma's `1 + w` is added on load).
        case rmsNorm(weight: UnsafePointer<Float>, eps: Float)
        /// No final norm (OPT's post-LN layout).
        case identity
    }

    let kind: Kind
    /// OPT's `project_out`, `[E, D]`, applied after the norm; nil when E = D.
    let projectOut: UnsafePointer<Float>?

    /// Freezes the norm at `row` `[D]` and projects onto `target` (minus `baseline`) of `unembedding` `[V, E]`.
    func freeze(
        row: [Float], target: Int, baseline: Int?, unembedding: UnsafePointer<Float>, width d: Int, unembeddingWidth e: Int
    ) -> FrozenReadout {
        // p = Pᵀ (U[target] − U[baseline]), [D]
        var delta = [Float](repeating: 0, count: e)
        for i in 0..<e { delta[i] = unembedding[target * e + i] - (baseline.map { unembedding[$0 * e + i] } ?? 0) }
        var p = [Float](repeating: 0, count: d)
        if let projectOut {
            for o in 0..<e { for i in 0..<d { p[i] += projectOut[o * d + i] * delta[o] } }
        } else {
            p = delta
        }
        switch kind {
        case .identity:
            return FrozenReadout(direction: p, constant: nil)
        case .rmsNorm(let weight, let eps):
            var sq: Float = 0
            for v in row { sq += v * v }
            let inv = 1 / (sq / Float(d) + eps).squareRoot()
            let dir = (0..<d).map { i in weight[i] * inv * p[i] }
            return FrozenReadout(direction: dir, constant: nil)
        case .layerNorm(let weight, let bias, let eps):
            let mean = row.reduce(0, +) / Float(d)
            var sq: Float = 0
            for v in row { sq += (v - mean) * (v - mean) }
            let inv = 1 / (sq / Float(d) + eps).squareRoot()
            // direction · (x − mean(x)) = (direction − mean(direction)) · x: the centring moves into the direction.
            let w = (0..<d).map { i in weight[i] * inv * p[i] }
            let wMean = w.reduce(0, +) / Float(d)
            let constant = bias.map { b in Float((0..<d).reduce(0.0) { $0 + Double(b[$1]) * Double(p[$1]) }) }
            return FrozenReadout(direction: w.map { $0 - wMean }, constant: constant)
        }
    }
}
