// GPT-NeoX / Pythia, as in HF modeling_gpt_neox.py: LayerNorm with bias, fused query_key_value with rows
// grouped per head, partial rotary (`rotary_pct`), parallel residual x + attn(ln1(x)) + mlp(ln2(x)),
// exact GELU, untied embed_out; GGUF names as llama.cpp's gptneox ("blk.%d.attn_qkv", which its converter
// stores as stacked [q; k; v]).
import ModelFiles
import TensorCore

/// GPT-NeoX's `config.json` (transformers ≥ 5 moves `rotary_pct` / `rotary_emb_base` into
/// `rope_parameters`); checkpoint key names appear only in `CodingKeys`.
public struct GPTNeoXConfig: Decodable, Sendable, Equatable {
    public var width: Int
    public var ffnWidth: Int
    public var layerCount: Int
    public var headCount: Int
    public var layerNormEps: Double?
    public var contextLength: Int?
    public var vocabularySize: Int
    public var rotaryPct: Double?
    public var rotaryEmbBase: Double?
    public var ropeParameters: RopeParametersField?
    public var useParallelResidual: Bool?
    public var tieWordEmbeddings: Bool?
    public var hiddenAct: String?
    /// GGUF: `gptneox.rope.dimension_count`.
    var rotaryDimsOverride: Int?

    enum CodingKeys: String, CodingKey {
        case width = "hidden_size", ffnWidth = "intermediate_size", layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads", layerNormEps = "layer_norm_eps"
        case contextLength = "max_position_embeddings", vocabularySize = "vocab_size"
        case rotaryPct = "rotary_pct", rotaryEmbBase = "rotary_emb_base", ropeParameters = "rope_parameters"
        case useParallelResidual = "use_parallel_residual", tieWordEmbeddings = "tie_word_embeddings"
        case hiddenAct = "hidden_act"
    }

    /// Reads the `gptneox.*` metadata of a GGUF file.
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        width = try m.int(.embeddingLength)
        ffnWidth = try m.int(.feedForwardLength)
        layerCount = try m.int(.blockCount)
        headCount = try m.int(.headCount)
        layerNormEps = try m.double(.layerNormEpsilon)
        contextLength = try m.int(.contextLength)
        self.vocabularySize = m.optionalInt(.vocabSize) ?? vocabularySize
        rotaryEmbBase = m.optionalDouble(.ropeFreqBase)
        useParallelResidual = m.optionalBool(.useParallelResidual)
        tieWordEmbeddings = false
        rotaryDimsOverride = m.optionalInt(.ropeDimensionCount)
    }

    var headDim: Int { width / max(headCount, 1) }
    var rotaryDims: Int {
        // An invalid fraction gives −1, which `validate` refuses (naming the fraction) before any use.
        rotaryDimsOverride ?? RotaryFraction.width(headDim: headDim, fraction: rotaryFraction) ?? -1
    }
    var rotaryFraction: Double { ropeParameters?.shared?.partialRotaryFactor ?? rotaryPct ?? 1 }
    var theta: Double { ropeParameters?.shared?.theta ?? rotaryEmbBase ?? 10_000 }
    var eps: Float { Float(layerNormEps ?? 1e-5) }
    var parallel: Bool { useParallelResidual ?? true }
    /// `gelu` is exact (erf); the tanh approximations are accepted under their transformers names.
    func exactGELU(source: String) throws -> Bool {
        switch hiddenAct ?? "gelu" {
        case "gelu": return true
        case "gelu_new", "gelu_fast", "gelu_pytorch_tanh": return false
        case let other:
            throw TransformerError.invalidConfig(
                source: source, reason: "the activation \"\(other)\" is not one TokenGen computes")
        }
    }
}

/// One GPT-NeoX block's weights, all `[out, in]`.
struct GPTNeoXBlock: Sendable {
    let ln1: Weight, ln1Bias: Weight  // [D]
    let qkv: Weight, qkvBias: Weight  // [3D, D] stacked [q; k; v], [3D]
    let attnOut: Weight, attnOutBias: Weight  // [D, D], [D]
    let ln2: Weight, ln2Bias: Weight  // [D]
    let up: Weight, upBias: Weight  // [F, D], [F]
    let down: Weight, downBias: Weight  // [D, F], [D]
}

/// A GPT-NeoX model (Pythia, GPT-NeoX-20B) ready to run.
public struct GPTNeoXModel: BlockStack {
    public let info: ModelInfo
    public let config: GPTNeoXConfig
    let exactGELU: Bool
    let embedding: Weight  // [V, D]
    let blocks: [GPTNeoXBlock]
    let lnF: Weight, lnFBias: Weight  // [D]
    let unembedding: Weight  // [V, D]

    init(config c: GPTNeoXConfig, weights: any WeightSource, convention: NameConvention, name: String) throws
    {
        try c.validate(source: name)
        let r = WeightReader(source: weights, family: .gptNeoX, convention: convention)
        let (d, f, v, h) = (c.width, c.ffnWidth, c.vocabularySize, c.headCount)
        exactGELU = try c.exactGELU(source: name)
        embedding = try r.load(.tokenEmbedding, shape: [v, d])
        lnF = try r.load(.finalNorm, shape: [d])
        lnFBias = try r.load(.finalNormBias, shape: [d])
        if c.tieWordEmbeddings != true, let out = try r.loadOptional(.output, shape: [v, d]) {
            unembedding = out
        } else {
            unembedding = embedding
        }
        blocks = try parallelMap(c.layerCount) { l in
            var qkv = try r.load(.qkv, layer: l, shape: [3 * d, d])
            var qkvBias = try r.load(.qkvBias, layer: l, shape: [3 * d])
            if convention == .huggingFace {
                qkv = try Self.stackPerHead(qkv, heads: h, headDim: d / h, cols: d)
                qkvBias = try Self.stackPerHead(qkvBias, heads: h, headDim: d / h, cols: 1)
            }
            return GPTNeoXBlock(
                ln1: try r.load(.attnNorm, layer: l, shape: [d]),
                ln1Bias: try r.load(.attnNormBias, layer: l, shape: [d]), qkv: qkv, qkvBias: qkvBias,
                attnOut: try r.load(.attnOut, layer: l, shape: [d, d]),
                attnOutBias: try r.load(.attnOutBias, layer: l, shape: [d]),
                ln2: try r.load(.ffnNorm, layer: l, shape: [d]),
                ln2Bias: try r.load(.ffnNormBias, layer: l, shape: [d]),
                up: try r.load(.ffnUp, layer: l, shape: [f, d]),
                upBias: try r.load(.ffnUpBias, layer: l, shape: [f]),
                down: try r.load(.ffnDown, layer: l, shape: [d, f]),
                downBias: try r.load(.ffnDownBias, layer: l, shape: [d]))
        }
        config = c
        info = ModelInfo(
            name: name, family: .gptNeoX, layers: c.layerCount, heads: h, kvHeads: h, width: d,
            vocabularySize: v, contextLength: c.contextLength ?? 2048, ffnWidth: c.ffnWidth)
    }

    /// Hugging Face's rows `[H][q, k, v][d]` → `[q, k, v][H][d]`, the layout llama.cpp's converter writes
    /// and the attention reads (q, k, v each a `[T, D]` view of one `[T, 3D]` product).
    static func stackPerHead(_ w: Weight, heads: Int, headDim: Int, cols: Int) throws -> Weight {
        let t = Tensor(
            shape: w.shape,
            storage: FloatStorage(count: w.tensor.count) { out in
                guard let o = out.baseAddress else { return }
                for h in 0..<heads {
                    for part in 0..<3 {
                        let src = w.p + ((h * 3 + part) * headDim) * cols
                        let dst = o + ((part * heads + h) * headDim) * cols
                        dst.update(from: src, count: headDim * cols)
                    }
                }
            })
        return try Weight(t, name: "query_key_value")
    }

    final class Workspace {
        let h: FloatBuffer  // [T, D]
        let qkv: FloatBuffer  // [T, 3D]
        let a: FloatBuffer  // [T, D]
        let o: FloatBuffer  // [T, D]
        let u: FloatBuffer  // [T, F]
        let rope: RoPETable

        init(_ c: GPTNeoXConfig, tokens t: Int) {
            h = FloatBuffer(t * c.width)
            qkv = FloatBuffer(t * 3 * c.width)
            a = FloatBuffer(t * c.width)
            o = FloatBuffer(t * c.width)
            u = FloatBuffer(t * c.ffnWidth)
            rope = RoPETable(headDim: c.rotaryDims, positions: t, theta: c.theta)
        }
    }

    func makeWorkspace(tokens: Int) -> Workspace { Workspace(config, tokens: tokens) }

    func embed(_ ids: [Int], into x: UnsafeMutablePointer<Float>, workspace: Workspace) {
        let d = config.width
        for (t, id) in ids.enumerated() { (x + t * d).update(from: embedding.p + id * d, count: d) }
    }

    /// Parallel: `mid = x + attn(ln1(x))`, `out = mid + mlp(ln2(x))`; sequential: `ln2` reads `mid`.
    func runBlock(
        _ layer: Int, x: UnsafePointer<Float>, tokens t: Int, mid: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, attention: AttentionSink, workspace w: Workspace
    ) {
        let b = blocks[layer]
        let (d, f, h) = (config.width, config.ffnWidth, config.headCount)
        let hd = d / h
        layerNorm(w.h.p, x, weight: b.ln1.p, bias: b.ln1Bias.p, rows: t, dim: d, eps: config.eps)
        MatMul.linear(w.qkv.p, w.h.p, b.qkv.p, bias: b.qkvBias.p, m: t, k: d, n: 3 * d)
        let positions = attention.suffixes?.positions
        applyRoPE(
            w.qkv.p, table: w.rope, tokens: t, heads: h, rowStride: 3 * d, headStride: hd,
            positions: positions)
        applyRoPE(
            w.qkv.p + d, table: w.rope, tokens: t, heads: h, rowStride: 3 * d, headStride: hd,
            positions: positions)
        causalAttention(
            w.a.p, attention, q: w.qkv.p, k: w.qkv.p + d, v: w.qkv.p + 2 * d, qStride: 3 * d, kvStride: 3 * d,
            tokens: t, heads: h, kvHeads: h, headDim: hd,
            rule: AttentionRule(scale: 1 / Float(hd).squareRoot()))
        MatMul.linear(w.o.p, w.a.p, b.attnOut.p, bias: b.attnOutBias.p, m: t, k: d, n: d)
        addVectors(mid, x, w.o.p, count: t * d)
        let mlpInput = config.parallel ? x : UnsafePointer(mid)
        layerNorm(w.h.p, mlpInput, weight: b.ln2.p, bias: b.ln2Bias.p, rows: t, dim: d, eps: config.eps)
        MatMul.linear(w.u.p, w.h.p, b.up.p, bias: b.upBias.p, m: t, k: d, n: f)
        if exactGELU { geluErf(w.u.p, count: t * f) } else { geluTanh(w.u.p, count: t * f) }
        MatMul.linear(w.o.p, w.u.p, b.down.p, bias: b.downBias.p, m: t, k: f, n: d)
        addVectors(out, mid, w.o.p, count: t * d)
    }

    var unembeddingWidth: Int { config.width }

    func finalNorm(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int) {
        layerNorm(out, x, weight: lnF.p, bias: lnFBias.p, rows: rows, dim: config.width, eps: config.eps)
    }
}
