import COpenBLAS

/// Causal multi-head attention over the rows of `SuffixRows`: each variant's rows attend to the base
/// run's keys and values before the variant's start and to their own after it.
///
/// Per variant, the keys and values it sees are assembled into `[T, KV·d]` (base rows, then its own),
/// and each head is one score sgemm `[n, T − first]`, a masked softmax per row (`attentionSoftmax`, as
/// the forward) and one sgemm with the values, n = end − start. Nothing is recorded.
/// Legend: T tokens, R rows, H query heads, KV key/value heads, d head width.
/// - Parameters:
///   - out: `[R, H·d]`
///   - layer: the block (0-based) whose base keys and values to read
///   - q: `[R, qStride]`, head h at column h·d (after RoPE / q-norm)
///   - k, v: `[R, kvStride]`, head g at column g·d
/// Rows stay zero when the base run lacks the block or has other sizes (callers check `baseCovers`).
func suffixAttention(
    _ out: UnsafeMutablePointer<Float>, _ rows: SuffixRows, layer: Int,
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
    qStride: Int, kvStride: Int, heads: Int, kvHeads: Int, headDim: Int, rule: AttentionRule
) {
    let (t, d) = (rows.tokens, headDim)
    let (kw, ow) = (kvHeads * d, heads * d)
    out.update(repeating: 0, count: rows.count * ow)
    guard rows.baseCovers(layer: layer, kvHeads: kvHeads, headDim: headDim), let base = rows.base.block(layer)
    else { return }
    let keys = UnsafeMutablePointer<Float>.allocate(capacity: t * kw)
    let values = UnsafeMutablePointer<Float>.allocate(capacity: t * kw)
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: t * t)
    defer {
        keys.deallocate()
        values.deallocate()
        scores.deallocate()
    }
    let group = max(heads / max(kvHeads, 1), 1)
    for (variant, s) in rows.starts.enumerated() {
        let o = rows.offsets[variant]
        let n = rows.ends[variant] - s
        keys.update(from: base.k, count: s * kw)
        values.update(from: base.v, count: s * kw)
        for r in 0..<n {
            (keys + (s + r) * kw).update(from: k + (o + r) * kvStride, count: kw)
            (values + (s + r) * kw).update(from: v + (o + r) * kvStride, count: kw)
        }
        let j0 = rule.firstKey(query: s)
        let m = rows.ends[variant] - j0
        for h in 0..<heads {
            let g = h / group
            FlopCounter.addProduct(m: n, n: m, k: 2 * d)
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(m), Int32(d), rule.scale,
                q + o * qStride + h * d, Int32(qStride), keys + j0 * kw + g * d, Int32(kw), 0, scores,
                Int32(m))
            for r in 0..<n {
                let p = s + r
                let row = scores + r * m
                let first = rule.firstKey(query: p) - j0
                let last = p - j0
                for j in 0..<first { row[j] = 0 }
                attentionSoftmax(row + first, count: last - first + 1, rule: rule)
                for j in (last + 1)..<m { row[j] = 0 }
            }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(d), Int32(m), 1,
                scores, Int32(m), values + j0 * kw + g * d, Int32(kw), 0, out + o * ow + h * d, Int32(ow))
        }
    }
}
