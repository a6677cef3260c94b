import COpenBLAS

/// Causal multi-head attention with grouped key/value heads, keeping the post-softmax probabilities.
///
/// Per head: `scores = scale · Q_h K_gᵀ` (one sgemm), causal softmax of each row, `out_h = P V_g`
/// (one sgemm), where g = h / (H / KV) is the key/value head shared by a group of query heads.
/// Row strides let Q, K and V be views into one fused QKV projection.
/// Legend: T tokens, H query heads, KV key/value heads, d head width.
/// - Parameters:
///   - out: `[T, H·d]`
///   - probs: `[H, T, T]` post-softmax probabilities, zero above the diagonal
///   - q: `[T, qStride]`, head h at column h·d
///   - k: `[T, kvStride]`, head g at column g·d
///   - v: `[T, kvStride]`, head g at column g·d
///   - scale: usually `1/√d`
public func causalAttention(
    _ out: UnsafeMutablePointer<Float>, _ probs: UnsafeMutablePointer<Float>,
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
    qStride: Int, kvStride: Int, tokens: Int, heads: Int, kvHeads: Int, headDim: Int, scale: Float
) {
    let t = Int32(tokens)
    let d = Int32(headDim)
    let group = max(heads / max(kvHeads, 1), 1)
    for h in 0..<heads {
        let g = h / group
        let p = probs + h * tokens * tokens
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, t, t, d, scale,
            q + h * headDim, Int32(qStride), k + g * headDim, Int32(kvStride), 0, p, t)
        softmaxRows(p, rows: tokens, stride: tokens) { $0 + 1 }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, t, d, t, 1,
            p, t, v + g * headDim, Int32(kvStride), 0, out + h * headDim, Int32(heads * headDim))
    }
}
