// The decoder Llama, Mistral, Qwen2, Qwen3, Phi-3, Gemma 2 and Gemma 3 share, as in their HF modeling_*.py:
// RMSNorm, q/k/v (+ biases, + per-head q/k norm), RoPE (partial, per-layer base), GQA attention with
// optional soft-capping and sliding window, gated MLP; Gemma's extra norms, embedding scale and final
// soft-capping. Each family's config and names live in its own file and fill a `DecoderLayout`.
import ModelFiles
import TensorCore

/// One decoder block's weights, all `[out, in]`; optional parts are nil where the family has none.
struct DecoderBlock: Sendable {
    let attnNorm: Weight  // [D]
    let q: Weight  // [H·d, D]
    let k: Weight  // [KV·d, D]
    let v: Weight  // [KV·d, D]
    let qBias: Weight?, kBias: Weight?, vBias: Weight?  // [H·d], [KV·d], [KV·d]
    let qNorm: Weight?, kNorm: Weight?  // [d]
    let attnOut: Weight  // [D, H·d]
    let attnOutBias: Weight?  // [D]
    let postAttnNorm: Weight?  // [D]
    let ffnNorm: Weight  // [D]
    let gate: Weight  // [F, D]
    let up: Weight  // [F, D]
    let down: Weight  // [D, F]
    let postFFNorm: Weight?  // [D]
}

/// A model of one of the Llama-like families, ready to run.
public struct DecoderModel: BlockStack {
    public let info: ModelInfo
    public let layout: DecoderLayout
    let embedding: Weight  // [V, D]
    let blocks: [DecoderBlock]
    let norm: Weight  // [D]
    let unembedding: Weight  // [V, D]

    init(
        info: ModelInfo, layout: DecoderLayout, embedding: Weight, blocks: [DecoderBlock], norm: Weight,
        unembedding: Weight
    ) {
        self.info = info
        self.layout = layout
        self.embedding = embedding
        self.blocks = blocks
        self.norm = norm
        self.unembedding = unembedding
    }

    final class Workspace {
        let h: FloatBuffer  // [T, D]
        let q: FloatBuffer  // [T, H·d]
        let k: FloatBuffer  // [T, KV·d]
        let v: FloatBuffer  // [T, KV·d]
        let a: FloatBuffer  // [T, H·d]
        let o: FloatBuffer  // [T, D]
        let g: FloatBuffer  // [T, F]
        let u: FloatBuffer  // [T, F]
        /// One table per distinct (base, scaling) among the layers, indexed by layer.
        let rope: [RoPETable]  // [L]

        init(_ c: DecoderLayout, tokens t: Int) {
            let hd = c.headDim
            h = FloatBuffer(t * c.width)
            q = FloatBuffer(t * c.heads * hd)
            k = FloatBuffer(t * c.kvHeads * hd)
            v = FloatBuffer(t * c.kvHeads * hd)
            a = FloatBuffer(t * c.heads * hd)
            o = FloatBuffer(t * c.width)
            g = FloatBuffer(t * c.ffnWidth)
            u = FloatBuffer(t * c.ffnWidth)
            var tables: [DecoderLayout.LayerAttention: RoPETable] = [:]
            rope = c.layers.map { layer in
                var key = layer
                key.window = nil
                if let table = tables[key] { return table }
                let inv = layer.ropeScaling.inverseFrequencies(dims: c.rotaryDims, theta: layer.ropeTheta)
                let table = RoPETable(headDim: c.rotaryDims, positions: t, inverseFrequencies: inv)
                tables[key] = table
                return table
            }
        }
    }

    func makeWorkspace(tokens: Int) -> Workspace { Workspace(layout, tokens: tokens) }

    func embed(_ ids: [Int], into x: UnsafeMutablePointer<Float>, workspace: Workspace) {
        let d = layout.width
        for (t, id) in ids.enumerated() {
            let row = x + t * d
            row.update(from: embedding.p + id * d, count: d)
            if let s = layout.embeddingScale { for i in 0..<d { row[i] *= s } }
        }
    }

    func runBlock(
        _ layer: Int, x: UnsafePointer<Float>, tokens t: Int, mid: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, attention: AttentionSink, workspace w: Workspace
    ) {
        let b = blocks[layer]
        let c = layout
        let (d, f, eps) = (c.width, c.ffnWidth, c.eps)
        let (h, kv, hd) = (c.heads, c.kvHeads, c.headDim)
        let rope = w.rope[layer]
        let positions = attention.suffixes?.positions
        // Everything but the attention is row-local: each core takes whole ranges of rows through norm,
        // projections and RoPE, then (after the attention) through the output projection and the MLP.
        WorkSplit.rows(t, minimum: Self.rowsPerSplit) { r in
            let (r0, n) = (r.lowerBound, r.count)
            let (hp, qp) = (w.h.p + r0 * d, w.q.p + r0 * h * hd)
            let (kp, vp) = (w.k.p + r0 * kv * hd, w.v.p + r0 * kv * hd)
            rmsNorm(hp, x + r0 * d, weight: b.attnNorm.p, rows: n, dim: d, eps: eps)
            MatMul.linear(qp, hp, b.q.p, bias: b.qBias?.p, m: n, k: d, n: h * hd)
            MatMul.linear(kp, hp, b.k.p, bias: b.kBias?.p, m: n, k: d, n: kv * hd)
            MatMul.linear(vp, hp, b.v.p, bias: b.vBias?.p, m: n, k: d, n: kv * hd)
            if let qn = b.qNorm, let kn = b.kNorm {
                // Each head's d values are one row of the norm.
                rmsNorm(qp, qp, weight: qn.p, rows: n * h, dim: hd, eps: eps)
                rmsNorm(kp, kp, weight: kn.p, rows: n * kv, dim: hd, eps: eps)
            }
            applyRoPE(qp, table: rope, tokens: n, heads: h, rowStride: h * hd, headStride: hd,
                positions: positions, firstRow: r0)
            applyRoPE(kp, table: rope, tokens: n, heads: kv, rowStride: kv * hd, headStride: hd,
                positions: positions, firstRow: r0)
        }
        let rule = AttentionRule(
            scale: c.attentionScale, softcap: c.attentionSoftcap, window: c.layers[layer].window)
        causalAttention(
            w.a.p, attention, q: w.q.p, k: w.k.p, v: w.v.p, qStride: h * hd, kvStride: kv * hd,
            tokens: t, heads: h, kvHeads: kv, headDim: hd, rule: rule)
        WorkSplit.rows(t, minimum: Self.rowsPerSplit) { r in
            let (r0, n) = (r.lowerBound, r.count)
            let (hp, op, mp) = (w.h.p + r0 * d, w.o.p + r0 * d, mid + r0 * d)
            let (gp, up) = (w.g.p + r0 * f, w.u.p + r0 * f)
            MatMul.linear(op, w.a.p + r0 * h * hd, b.attnOut.p, bias: b.attnOutBias?.p, m: n, k: h * hd, n: d)
            if let pn = b.postAttnNorm { rmsNorm(op, op, weight: pn.p, rows: n, dim: d, eps: eps) }
            addVectors(mp, x + r0 * d, op, count: n * d)
            rmsNorm(hp, mp, weight: b.ffnNorm.p, rows: n, dim: d, eps: eps)
            MatMul.linear(gp, hp, b.gate.p, m: n, k: d, n: f)
            MatMul.linear(up, hp, b.up.p, m: n, k: d, n: f)
            switch c.activation {
            case .silu: swiglu(gp, gate: gp, up: up, count: n * f)
            case .geluTanh: gegluTanh(gp, gate: gp, up: up, count: n * f)
            }
            MatMul.linear(op, gp, b.down.p, m: n, k: f, n: d)
            if let pn = b.postFFNorm { rmsNorm(op, op, weight: pn.p, rows: n, dim: d, eps: eps) }
            addVectors(out + r0 * d, mp, op, count: n * d)
        }
    }

    /// The fewest rows a core takes in a block's row-local steps (shorter prompts stay on one core).
    static let rowsPerSplit = 64

    var unembeddingWidth: Int { layout.width }

    var finalLogitSoftcap: Float? { layout.finalSoftcap }

    func finalNorm(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int) {
        rmsNorm(out, x, weight: norm.p, rows: rows, dim: layout.width, eps: layout.eps)
    }
}
