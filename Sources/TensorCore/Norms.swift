/// Normalisation kernels, outputs first (llm.c style). Legend: N rows, D width.

/// Layer normalisation of each row: `out = (x − mean) / sqrt(var + eps) · weight + bias`.
///
/// The variance is the biased one (divide by D), as in PyTorch's `LayerNorm`. `out` may alias `x`.
/// - Parameters:
///   - out: `[N, D]`
///   - x: `[N, D]`
///   - weight: `[D]` gain
///   - bias: `[D]`, or nil for none
public func layerNorm(
    _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, rows: Int, dim: Int, eps: Float
) {
    for r in 0..<rows {
        let row = x + r * dim
        let o = out + r * dim
        var sum: Float = 0
        for i in 0..<dim { sum += row[i] }
        let mean = sum / Float(dim)
        var sq: Float = 0
        for i in 0..<dim {
            let d = row[i] - mean
            sq += d * d
        }
        let inv = 1 / (sq / Float(dim) + eps).squareRoot()
        if let bias {
            for i in 0..<dim { o[i] = (row[i] - mean) * inv * weight[i] + bias[i] }
        } else {
            for i in 0..<dim { o[i] = (row[i] - mean) * inv * weight[i] }
        }
    }
}

/// Root-mean-square normalisation of each row: `out = x / sqrt(mean(x²) + eps) · weight` (Llama).
///
/// `out` may alias `x`.
/// - Parameters:
///   - out: `[N, D]`
///   - x: `[N, D]`
///   - weight: `[D]` gain
public func rmsNorm(
    _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, rows: Int, dim: Int, eps: Float
) {
    for r in 0..<rows {
        let row = x + r * dim
        let o = out + r * dim
        var sq: Float = 0
        for i in 0..<dim { sq += row[i] * row[i] }
        let inv = 1 / (sq / Float(dim) + eps).squareRoot()
        for i in 0..<dim { o[i] = weight[i] * (row[i] * inv) }
    }
}
