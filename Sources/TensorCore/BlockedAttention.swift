import COpenBLAS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Query rows per tile of the blocked attention: the scores of one tile are `[rows, ≤ T]`, never `T × T`.
/// 128 keeps the wasted upper triangle of each tile small (≈ 6 % at 2,048 tokens) and the products large.
public let attentionTileRows = 128

/// Causal multi-head attention in tiles of query rows, recording what lets any row be recomputed.
///
/// For each head and each tile of up to `attentionTileRows` query rows `[i0, i1)`, the scores against
/// the keys the tile can see, `[firstKey(i0), i1)`, are one sgemm; each row is soft-capped, masked to
/// its own causal window and softmaxed (`attentionSoftmax`), and the tile's output is one more sgemm with
/// the values. Only the causal half (plus each tile's small triangle) is computed, and the largest
/// scratch is `[128, T]`. The probabilities are not kept: `sink` records Q, K, V and the rule, from which
/// `AttentionCapture.rows(layer:query:)` recomputes any row exactly as here.
/// Legend: T tokens, H query heads, KV key/value heads, d head width.
/// - Parameters:
///   - out: `[T, H·d]`
///   - sink: where this block's queries, keys, values and rule are recorded (`.discard` records nothing);
///     when it carries `suffixes`, the rows are those instead (`suffixAttention`) and nothing is recorded
///   - q: `[T, qStride]`, head h at column h·d (after RoPE / q-norm: what the scores use)
///   - k: `[T, kvStride]`, head g at column g·d
///   - v: `[T, kvStride]`, head g at column g·d
///   - rule: scale, soft-capping and window
public func causalAttention(
    _ out: UnsafeMutablePointer<Float>, _ sink: AttentionSink,
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
    qStride: Int, kvStride: Int, tokens: Int, heads: Int, kvHeads: Int, headDim: Int, rule: AttentionRule
) {
    if let suffixes = sink.suffixes {
        suffixAttention(
            out, suffixes, layer: sink.layer, q: q, k: k, v: v, qStride: qStride, kvStride: kvStride,
            heads: heads, kvHeads: kvHeads, headDim: headDim, rule: rule)
        return
    }
    let shape = AttentionShape(tokens: tokens, heads: heads, kvHeads: kvHeads, headDim: headDim)
    sink.capture?.record(
        layer: sink.layer, q: q, k: k, v: v, qStride: qStride, kvStride: kvStride,
        shape: shape, rule: rule)
    let tile = min(attentionTileRows, tokens)
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: tile * tokens)
    defer { scratch.deallocate() }
    let group = max(heads / max(kvHeads, 1), 1)
    let d = Int32(headDim)
    for h in 0..<heads {
        let g = h / group
        var i0 = 0
        while i0 < tokens {
            let i1 = min(i0 + tile, tokens)
            let rows = i1 - i0
            let j0 = rule.firstKey(query: i0)
            let n = i1 - j0
            FlopCounter.addProduct(m: rows, n: n, k: 2 * headDim)  // scores and P·V
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), d, rule.scale,
                q + i0 * qStride + h * headDim, Int32(qStride), k + j0 * kvStride + g * headDim,
                Int32(kvStride),
                0, scratch, Int32(n))
            for r in 0..<rows {
                let i = i0 + r
                let row = scratch + r * n
                let first = rule.firstKey(query: i) - j0
                let last = i - j0  // inclusive
                for j in 0..<first { row[j] = 0 }
                attentionSoftmax(row + first, count: last - first + 1, rule: rule)
                for j in (last + 1)..<n { row[j] = 0 }
            }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), d, Int32(n), 1,
                scratch, Int32(n), v + j0 * kvStride + g * headDim, Int32(kvStride),
                0, out + i0 * heads * headDim + h * headDim, Int32(heads * headDim))
            i0 = i1
        }
    }
}

/// Turns one row's scaled scores over the keys it may see into probabilities, in place: soft-capping
/// (if the rule has it), then a softmax. The forward and every recomputed row go through this, so a
/// recomputed row equals the forward's weights up to the rounding of the score products.
@inlinable
public func attentionSoftmax(_ row: UnsafeMutablePointer<Float>, count n: Int, rule: AttentionRule) {
    guard n > 0 else { return }
    if let cap = rule.softcap {
        for j in 0..<n { row[j] = cap * tanhf(row[j] / cap) }
    }
    var m = -Float.infinity
    for j in 0..<n where row[j] > m { m = row[j] }
    let shift = SIMD8<Float>(repeating: m)
    var sum: Float = 0
    var j = 0
    let raw = UnsafeMutableRawPointer(row)
    while j + 8 <= n {
        let e = fastExp(raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self) - shift)
        raw.storeBytes(of: e, toByteOffset: j * 4, as: SIMD8<Float>.self)
        sum += e.sum()
        j += 8
    }
    while j < n {
        let e = fastExp(SIMD8(repeating: row[j] - m))[0]
        row[j] = e
        sum += e
        j += 1
    }
    let inv = 1 / sum
    for j in 0..<n { row[j] *= inv }
}
