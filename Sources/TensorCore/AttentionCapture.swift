import COpenBLAS
import Foundation

/// The sizes of one block's attention. Legend: T tokens, H query heads, KV key/value heads, d head width.
public struct AttentionShape: Sendable, Equatable {
    public let tokens: Int
    public let heads: Int
    public let kvHeads: Int
    public let headDim: Int

    public init(tokens: Int, heads: Int, kvHeads: Int, headDim: Int) {
        self.tokens = tokens
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
    }

    /// The key/value head that query head `h` reads.
    public func kvHead(of h: Int) -> Int { h / max(heads / max(kvHeads, 1), 1) }
}

/// Where a block's attention records what it saw (a capture and the block's index, or nothing), and
/// which positions its rows are.
///
/// Families receive one in `runBlock` and pass it to `causalAttention` unchanged; families with RoPE
/// also read `suffixes?.positions` for the rows' positions.
public struct AttentionSink: Sendable {
    public let capture: AttentionCapture?
    /// 0-based block index (block layer+1).
    public let layer: Int
    /// Nil: the rows are one prompt's positions 0..<T. Otherwise the rows are suffixes of variants of a
    /// base prompt, whose earlier keys and values come from the base run (`SuffixRows`).
    public let suffixes: SuffixRows?

    public init(capture: AttentionCapture?, layer: Int, suffixes: SuffixRows? = nil) {
        self.capture = capture
        self.layer = layer
        self.suffixes = suffixes
    }

    /// Records nothing (a forward pass nobody will look into).
    public static let discard = AttentionSink(capture: nil, layer: 0)
}

/// Every block's queries, keys, values and attention rule, kept so that any attention row or any
/// position's per-head output can be recomputed exactly, instead of keeping `[L, H, T, T]`.
///
/// Per block: Q `[T, H·d]` (after RoPE / q-norm), K and V `[T, KV·d]`. At 2,048 tokens of SmolLM2 that
/// is 141 + 47 + 47 MB for all 30 blocks, against 4.5 GB for the probabilities.
/// Written once per block by `causalAttention` during the forward pass; a block is read only after it
/// was written (`isRecorded`), so readers on other threads see complete data.
/// Legend: L layers (blocks), H heads, KV key/value heads, T tokens, d head width.
public final class AttentionCapture: @unchecked Sendable {
    /// One block's record.
    final class Block {
        let shape: AttentionShape
        let rule: AttentionRule
        let q: UnsafeMutablePointer<Float>  // [T, H·d]
        let k: UnsafeMutablePointer<Float>  // [T, KV·d]
        let v: UnsafeMutablePointer<Float>  // [T, KV·d]

        init(shape: AttentionShape, rule: AttentionRule) {
            self.shape = shape
            self.rule = rule
            let t = shape.tokens
            q = LargeMemory.zeroed(t * shape.heads * shape.headDim)
            k = LargeMemory.zeroed(t * shape.kvHeads * shape.headDim)
            v = LargeMemory.zeroed(t * shape.kvHeads * shape.headDim)
        }

        deinit {
            LargeMemory.release(q)
            LargeMemory.release(k)
            LargeMemory.release(v)
        }
    }

    /// L.
    public let layers: Int
    private var blocks: [Block?]
    private let lock = NSLock()

    public init(layers: Int) {
        self.layers = layers
        blocks = Array(repeating: nil, count: layers)
    }

    /// The sink block `layer` (0-based) records into.
    public func sink(layer: Int) -> AttentionSink { AttentionSink(capture: self, layer: layer) }

    /// Copies one block's Q, K, V (compacting fused strides) and its rule.
    func record(
        layer: Int, q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        qStride: Int, kvStride: Int, shape: AttentionShape, rule: AttentionRule
    ) {
        guard layer >= 0 && layer < layers else { return }
        let block = Block(shape: shape, rule: rule)
        let qw = shape.heads * shape.headDim
        let kw = shape.kvHeads * shape.headDim
        for t in 0..<shape.tokens {
            (block.q + t * qw).update(from: q + t * qStride, count: qw)
            (block.k + t * kw).update(from: k + t * kvStride, count: kw)
            (block.v + t * kw).update(from: v + t * kvStride, count: kw)
        }
        lock.withLock { blocks[layer] = block }
    }

    func block(_ layer: Int) -> Block? {
        guard layer >= 0 && layer < layers else { return nil }
        return lock.withLock { blocks[layer] }
    }

    /// Whether block `layer` has run.
    public func isRecorded(layer: Int) -> Bool { block(layer) != nil }

    /// Number of blocks recorded from the first on (the blocks a streaming reader may use).
    public var recordedLayers: Int {
        lock.withLock { blocks.firstIndex(where: { $0 == nil }) ?? layers }
    }

    /// Sizes of block `layer`, nil before it ran.
    public func shape(layer: Int) -> AttentionShape? { block(layer)?.shape }

    /// The rule block `layer` applied, nil before it ran.
    public func rule(layer: Int) -> AttentionRule? { block(layer)?.rule }

    /// Post-softmax attention of query position `query` in block `layer`, every head: `[H, T]`, zero
    /// after the query and outside a sliding window. Equal to the forward's weights up to the rounding of
    /// the score product. Empty when the block has not run or `query` is out of range.
    public func rows(layer: Int, query: Int) -> [Float] {
        guard let b = block(layer), query >= 0, query < b.shape.tokens else { return [] }
        let s = b.shape
        var out = [Float](repeating: 0, count: s.heads * s.tokens)
        out.withUnsafeMutableBufferPointer { buffer in
            guard let o = buffer.baseAddress else { return }
            for h in 0..<s.heads { Self.row(b, head: h, query: query, into: o + h * s.tokens) }
        }
        return out
    }

    /// One head's row at `query` into `row` `[T]` (zero outside the visible keys).
    static func row(_ b: Block, head h: Int, query i: Int, into row: UnsafeMutablePointer<Float>) {
        let s = b.shape
        let first = b.rule.firstKey(query: i)
        let n = i - first + 1
        let d = s.headDim
        let kw = s.kvHeads * d
        cblas_sgemv(
            CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), b.rule.scale,
            b.k + first * kw + s.kvHead(of: h) * d,
            Int32(kw), b.q + i * s.heads * d + h * d, 1, 0, row + first, 1)
        attentionSoftmax(row + first, count: n, rule: b.rule)
        for j in 0..<first { row[j] = 0 }
        for j in (i + 1)..<s.tokens { row[j] = 0 }
    }

    /// Per-head attention output at `position` in block `layer` before the output projection
    /// (TransformerLens's `hook_z`): `[H, d]`, head h's weights times its values. Empty before the block ran.
    public func headValues(layer: Int, position: Int) -> [Float] {
        guard let b = block(layer), position >= 0, position < b.shape.tokens else { return [] }
        let s = b.shape
        let d = s.headDim
        let kw = s.kvHeads * d
        var weights = [Float](repeating: 0, count: s.tokens)
        var out = [Float](repeating: 0, count: s.heads * d)
        weights.withUnsafeMutableBufferPointer { wb in
            out.withUnsafeMutableBufferPointer { ob in
                guard let w = wb.baseAddress, let o = ob.baseAddress else { return }
                for h in 0..<s.heads {
                    Self.row(b, head: h, query: position, into: w)
                    // z_h = Σ_j w_j v_j over j ≤ position: [d] = V_gᵀ[d, position+1] · w.
                    cblas_sgemv(
                        CblasRowMajor, CblasTrans, Int32(position + 1), Int32(d), 1,
                        b.v + s.kvHead(of: h) * d,
                        Int32(kw), w, 1, 0, o + h * d, 1)
                }
            }
        }
        return out
    }

    /// Rows 0..<n of block `layer` over keys 0..<n (all a causal row below n sees): `[H, n, n]`, one
    /// sgemm per head, so n² per head: for short prompts, tests and rollout. n defaults to T.
    public func pattern(layer: Int, tokens count: Int? = nil) -> [Float] {
        guard let b = block(layer) else { return [] }
        let s = b.shape
        let n = min(max(count ?? s.tokens, 0), s.tokens)
        let d = s.headDim
        let kw = s.kvHeads * d
        var out = [Float](repeating: 0, count: s.heads * n * n)
        out.withUnsafeMutableBufferPointer { buffer in
            guard let o = buffer.baseAddress, n > 0 else { return }
            for h in 0..<s.heads {
                let p = o + h * n * n
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(d), b.rule.scale,
                    b.q + h * d, Int32(s.heads * d), b.k + s.kvHead(of: h) * d, Int32(kw), 0, p, Int32(n))
                for i in 0..<n {
                    let row = p + i * n
                    let first = b.rule.firstKey(query: i)
                    attentionSoftmax(row + first, count: i - first + 1, rule: b.rule)
                    for j in 0..<first { row[j] = 0 }
                    for j in (i + 1)..<n { row[j] = 0 }
                }
            }
        }
        return out
    }

    /// Every block's pattern, `[L, H, T, T]` (blocks not yet run are zero): for tests and short prompts.
    public func patterns() -> Tensor {
        let s = (0..<layers).lazy.compactMap { self.shape(layer: $0) }.first
        let (h, t) = (s?.heads ?? 0, s?.tokens ?? 0)
        var values: [Float] = []
        values.reserveCapacity(layers * h * t * t)
        for l in 0..<layers {
            let p = pattern(layer: l)
            values += p.isEmpty ? [Float](repeating: 0, count: h * t * t) : p
        }
        return Tensor(shape: [layers, h, t, t], values: values)
    }
}
