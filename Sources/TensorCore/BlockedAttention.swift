import COpenBLAS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The most query rows per tile of the blocked attention: the scores of one tile are `[G·rows, ≤ T]` (G query
/// heads sharing a key/value head), never `T × T`. Long prompts use fewer rows so the scores stay in L2.
public let attentionTileRows = 128

/// Rows per tile for T tokens and G query heads per key/value head: at most `attentionTileRows`, at
/// least 16, and about 1.5 MB of scores.
func attentionTile(tokens: Int, group: Int) -> Int {
    let fit = (3 << 19) / max(1, 4 * group * tokens)
    return min(tokens, max(16, min(attentionTileRows, fit / 16 * 16)))
}

/// Causal multi-head attention in tiles of query rows, recording what lets any row be recomputed.
///
/// Work item = one key/value head g and one tile of query rows `[i0, i1)`: the queries of the G heads
/// that read g are packed into `[G·rows, d]`, the scores against the keys the tile can see,
/// `[firstKey(i0), i1)`, are one sgemm; each row is soft-capped, masked to its own causal window and
/// exponentiated (`attentionExp`), the tile's output is one more sgemm with the values, and each output
/// row is divided by its row's sum on the way out. Only the causal half (plus each tile's small
/// triangle) is computed, and the largest scratch is `[G·rows, T]` per core. Items run on every core
/// (`WorkSplit`), the longest tiles first. The probabilities are not kept: `sink` records Q, K, V and the
/// rule, from which `AttentionCapture.rows(layer:query:)` recomputes any row exactly as here.
/// Legend: T tokens, H query heads, KV key/value heads, G = H / KV, d head width.
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
    guard tokens > 0, heads > 0, headDim > 0 else { return }
    let group = max(heads / max(kvHeads, 1), 1)
    let groups = (heads + group - 1) / group
    let tile = attentionTile(tokens: tokens, group: group)
    let tiles = (tokens + tile - 1) / tile
    let plan = TilePlan(
        out: out, q: q, k: k, v: v, qStride: qStride, kvStride: kvStride, tokens: tokens, heads: heads,
        headDim: headDim, group: group, tile: tile, rule: rule)
    WorkSplit.drain(items: tiles * groups) { next in
        let scratch = TileScratch(rows: group * tile, tokens: tokens, headDim: headDim)
        while let item = next() {
            // Longest tiles (the last rows) first, so the cores finish together.
            plan.run(tile: tiles - 1 - item / groups, kvHead: item % groups, scratch: scratch)
        }
    }
}

/// One worker's memory for a tile: scores `[G·rows, T]`, packed queries and outputs `[G·rows, d]`, and
/// each row's `1 / Σ exp`.
private final class TileScratch {
    let scores: UnsafeMutablePointer<Float>
    let queries: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let inverseSums: UnsafeMutablePointer<Float>

    init(rows: Int, tokens: Int, headDim: Int) {
        scores = .allocate(capacity: rows * tokens)
        queries = .allocate(capacity: rows * headDim)
        output = .allocate(capacity: rows * headDim)
        inverseSums = .allocate(capacity: rows)
    }

    deinit {
        scores.deallocate()
        queries.deallocate()
        output.deallocate()
        inverseSums.deallocate()
    }
}

/// The arguments of one `causalAttention` call, and the work of one (tile, key/value head) item.
private struct TilePlan {
    let out: UnsafeMutablePointer<Float>
    let q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>
    let qStride: Int, kvStride: Int, tokens: Int, heads: Int, headDim: Int, group: Int, tile: Int
    let rule: AttentionRule

    func run(tile index: Int, kvHead g: Int, scratch: TileScratch) {
        let d = headDim
        let i0 = index * tile
        let i1 = min(i0 + tile, tokens)
        let rows = i1 - i0
        let h0 = g * group
        let members = min(group, heads - h0)
        let m = members * rows
        let j0 = rule.firstKey(query: i0)
        let n = i1 - j0
        // Packed queries: row hh·rows + r is head h0+hh at position i0+r.
        for hh in 0..<members {
            for r in 0..<rows {
                (scratch.queries + (hh * rows + r) * d).update(
                    from: q + (i0 + r) * qStride + (h0 + hh) * d, count: d)
            }
        }
        FlopCounter.addProduct(m: m, n: n, k: 2 * d)  // scores and P·V
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(d), rule.scale,
            scratch.queries, Int32(d), k + j0 * kvStride + g * d, Int32(kvStride),
            0, scratch.scores, Int32(n))
        for row in 0..<m {
            let i = i0 + row % rows
            let p = scratch.scores + row * n
            let first = rule.firstKey(query: i) - j0
            let last = i - j0  // inclusive
            for j in 0..<first { p[j] = 0 }
            let sum = attentionExp(p + first, count: last - first + 1, rule: rule)
            scratch.inverseSums[row] = 1 / sum
            for j in (last + 1)..<n { p[j] = 0 }
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(d), Int32(n), 1,
            scratch.scores, Int32(n), v + j0 * kvStride + g * d, Int32(kvStride),
            0, scratch.output, Int32(d))
        for hh in 0..<members {
            for r in 0..<rows {
                let row = hh * rows + r
                let src = scratch.output + row * d
                let dst = out + (i0 + r) * heads * d + (h0 + hh) * d
                let inv = scratch.inverseSums[row]
                for x in 0..<d { dst[x] = src[x] * inv }
            }
        }
    }
}

/// Turns one row's scaled scores over the keys it may see into probabilities, in place: soft-capping
/// (if the rule has it), then a softmax. The forward (`attentionExp`, dividing its outputs by the sum) and
/// every recomputed row go through the same exponentials, so a recomputed row equals the forward's weights
/// up to the rounding of the score products.
@inlinable
public func attentionSoftmax(_ row: UnsafeMutablePointer<Float>, count n: Int, rule: AttentionRule) {
    guard n > 0 else { return }
    let inv = 1 / attentionExp(row, count: n, rule: rule)
    for j in 0..<n { row[j] *= inv }
}

/// Soft-caps (if the rule has it) and replaces each score by `exp(score − max)`, in place; returns the
/// sum of the exponentials (the softmax without its division).
@inlinable
public func attentionExp(_ row: UnsafeMutablePointer<Float>, count n: Int, rule: AttentionRule) -> Float {
    guard n > 0 else { return 1 }
    if let cap = rule.softcap {
        for j in 0..<n { row[j] = cap * tanhf(row[j] / cap) }
    }
    let raw = UnsafeMutableRawPointer(row)
    var top = SIMD8<Float>(repeating: -.infinity)
    var j = 0
    while j + 8 <= n {
        let x = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        top = top.replacing(with: x, where: x .> top)
        j += 8
    }
    var m = top.max()
    while j < n {
        m = max(m, row[j])
        j += 1
    }
    let shift = SIMD8<Float>(repeating: m)
    var sums = SIMD8<Float>()
    j = 0
    while j + 8 <= n {
        let e = fastExp(raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self) - shift)
        raw.storeBytes(of: e, toByteOffset: j * 4, as: SIMD8<Float>.self)
        sums += e
        j += 8
    }
    var sum = sums.sum()
    if j < n {
        // The tail, padded with −∞ (exp 0).
        var tail = SIMD8<Float>(repeating: -.infinity)
        for t in 0..<(n - j) { tail[t] = row[j + t] }
        let e = fastExp(tail - shift)
        for t in 0..<(n - j) {
            row[j + t] = e[t]
            sum += e[t]
        }
    }
    return sum
}
