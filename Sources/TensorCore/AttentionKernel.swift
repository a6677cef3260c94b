import COpenBLAS

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which keys a query may see and how its scores are shaped before the softmax.
///
/// Every family's attention is described by one of these, so that the forward pass and any later
/// recomputation of an attention row (from kept queries and keys) apply exactly the same rule.
public struct AttentionRule: Sendable, Equatable {
    /// Multiplies `q·k`: usually `1/√d` (Gemma 2: `query_pre_attn_scalar^-½`).
    public var scale: Float
    /// Gemma 2's attention logit soft-capping: `c·tanh(s/c)` after scaling, before the mask.
    public var softcap: Float?
    /// Sliding-window layers: key j is visible from query i iff `0 ≤ i − j < window`; nil = full causal.
    public var window: Int?

    public init(scale: Float, softcap: Float? = nil, window: Int? = nil) {
        self.scale = scale
        self.softcap = softcap
        self.window = window
    }

    /// The first key query `i` may see.
    @inlinable public func firstKey(query i: Int) -> Int {
        guard let window, window > 0 else { return 0 }
        return max(0, i - window + 1)
    }
}

/// Causal multi-head attention with grouped key/value heads, keeping every post-softmax probability.
///
/// The reference path: `[H, T, T]` memory, so only for tests and small prompts. The forward pass uses
/// the blocked `causalAttention(_:_:q:k:v:…)` with an `AttentionSink`, which equals it to rounding.
/// Per head: `scores = scale · Q_h K_gᵀ` (one sgemm), soft-capping if asked, causal (and sliding-window)
/// softmax of each row, `out_h = P V_g` (one sgemm), where g = h / (H / KV) is the key/value head shared
/// by a group of query heads. Row strides let Q, K and V be views into one fused QKV projection.
/// Legend: T tokens, H query heads, KV key/value heads, d head width.
/// - Parameters:
///   - out: `[T, H·d]`
///   - probs: `[H, T, T]` post-softmax probabilities, zero above the diagonal and outside the window
///   - q: `[T, qStride]`, head h at column h·d
///   - k: `[T, kvStride]`, head g at column g·d
///   - v: `[T, kvStride]`, head g at column g·d
///   - rule: scale, soft-capping and window
public func causalAttention(
    _ out: UnsafeMutablePointer<Float>, _ probs: UnsafeMutablePointer<Float>,
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
    qStride: Int, kvStride: Int, tokens: Int, heads: Int, kvHeads: Int, headDim: Int, rule: AttentionRule
) {
    let t = Int32(tokens)
    let d = Int32(headDim)
    let group = max(heads / max(kvHeads, 1), 1)
    for h in 0..<heads {
        let g = h / group
        let p = probs + h * tokens * tokens
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, t, t, d, rule.scale,
            q + h * headDim, Int32(qStride), k + g * headDim, Int32(kvStride), 0, p, t)
        if let cap = rule.softcap {
            for i in 0..<tokens {
                let row = p + i * tokens
                for j in 0...i { row[j] = cap * tanhf(row[j] / cap) }
            }
        }
        if rule.window != nil {
            for i in 0..<tokens {
                let row = p + i * tokens
                for j in 0..<rule.firstKey(query: i) { row[j] = -.infinity }
            }
        }
        softmaxRows(p, rows: tokens, stride: tokens) { $0 + 1 }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, t, d, t, 1,
            p, t, v + g * headDim, Int32(kvStride), 0, out + h * headDim, Int32(heads * headDim))
    }
}

/// The reference attention with a plain scale and full causal masking.
public func causalAttention(
    _ out: UnsafeMutablePointer<Float>, _ probs: UnsafeMutablePointer<Float>,
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
    qStride: Int, kvStride: Int, tokens: Int, heads: Int, kvHeads: Int, headDim: Int, scale: Float
) {
    causalAttention(
        out, probs, q: q, k: k, v: v, qStride: qStride, kvStride: kvStride, tokens: tokens, heads: heads,
        kvHeads: kvHeads, headDim: headDim, rule: AttentionRule(scale: scale))
}
