// GPT-2, as in HF modeling_gpt2.py (Conv1D weights stored [in, out], learned positions, gelu_new, tied
// lm_head); GGUF names as llama.cpp's "blk.%d.attn_qkv" (fused QKV stored [out, in]).
import ModelFiles
import TensorCore

/// GPT-2's `config.json`; checkpoint key names appear only in `CodingKeys`.
public struct GPT2Config: Codable, Sendable, Equatable {
    public var layerCount: Int
    public var headCount: Int
    public var width: Int
    public var contextLength: Int
    public var vocabularySize: Int
    public var layerNormEps: Double?
    public var innerWidth: Int?

    enum CodingKeys: String, CodingKey {
        case layerCount = "n_layer", headCount = "n_head", width = "n_embd", contextLength = "n_positions"
        case vocabularySize = "vocab_size", layerNormEps = "layer_norm_epsilon", innerWidth = "n_inner"
    }

    public init(
        layerCount: Int, headCount: Int, width: Int, contextLength: Int, vocabularySize: Int,
        layerNormEps: Double?, innerWidth: Int?
    ) {
        self.layerCount = layerCount
        self.headCount = headCount
        self.width = width
        self.contextLength = contextLength
        self.vocabularySize = vocabularySize
        self.layerNormEps = layerNormEps
        self.innerWidth = innerWidth
    }

    /// Reads the `gpt2.*` metadata of a GGUF file.
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        self.init(
            layerCount: try m.int(.blockCount), headCount: try m.int(.headCount),
            width: try m.int(.embeddingLength),
            contextLength: try m.int(.contextLength),
            vocabularySize: m.optionalInt(.vocabSize) ?? vocabularySize,
            layerNormEps: try m.double(.layerNormEpsilon), innerWidth: m.optionalInt(.feedForwardLength))
    }

    var ffnWidth: Int { innerWidth ?? (width <= Int.max / 4 ? 4 * width : Int.max) }
    var eps: Float { Float(layerNormEps ?? 1e-5) }

    /// The sizes to validate before loading (learned positions, untied output counted once).
    public var dimensions: ModelDimensions {
        ModelDimensions(
            layers: layerCount, width: width, heads: headCount, kvHeads: headCount,
            headDim: headCount > 0 ? width / headCount : 0, ffn: ffnWidth, vocabulary: vocabularySize,
            context: contextLength, epsilons: [layerNormEps ?? 1e-5], widthDividesByHeads: true,
            positionRows: contextLength)
    }
}

/// One GPT-2 block's weights, all `[out, in]`.
struct GPT2Block: Sendable {
    let ln1: Weight, ln1Bias: Weight  // [D]
    let qkv: Weight, qkvBias: Weight  // [3D, D], [3D]
    let attnOut: Weight, attnOutBias: Weight  // [D, D], [D]
    let ln2: Weight, ln2Bias: Weight  // [D]
    let up: Weight, upBias: Weight  // [F, D], [F]
    let down: Weight, downBias: Weight  // [D, F], [D]
}

/// A GPT-2 model (gpt2, gpt2-medium, distilgpt2…) ready to run.
public struct GPT2Model: BlockStack {
    public let info: ModelInfo
    public let config: GPT2Config
    let tokenEmbedding: Weight  // [V, D]
    let positionEmbedding: Weight  // [context, D]
    let blocks: [GPT2Block]
    let lnF: Weight, lnFBias: Weight  // [D]
    let unembedding: Weight  // [V, D]

    init(config: GPT2Config, weights: any WeightSource, convention: NameConvention, name: String) throws {
        try config.dimensions.validate(source: name)
        let r = WeightReader(source: weights, family: .gpt2, convention: convention)
        let (d, f, v) = (config.width, config.ffnWidth, config.vocabularySize)
        tokenEmbedding = try r.load(.tokenEmbedding, shape: [v, d])
        positionEmbedding = try r.load(.positionEmbedding, shape: [config.contextLength, d])
        lnF = try r.load(.finalNorm, shape: [d])
        lnFBias = try r.load(.finalNormBias, shape: [d])
        unembedding = try r.loadOptional(.output, shape: [v, d]) ?? tokenEmbedding
        blocks = try parallelMap(config.layerCount) { l in
            // Hugging Face's Conv1D stores [in, out]; GGUF already has [out, in].
            func linear(_ role: TensorRole, out: Int, in inWidth: Int) throws -> Weight {
                convention == .gguf
                    ? try r.load(role, layer: l, shape: [out, inWidth])
                    : try r.loadTransposed(role, layer: l, stored: [inWidth, out])
            }
            return GPT2Block(
                ln1: try r.load(.attnNorm, layer: l, shape: [d]),
                ln1Bias: try r.load(.attnNormBias, layer: l, shape: [d]),
                qkv: try linear(.qkv, out: 3 * d, in: d),
                qkvBias: try r.load(.qkvBias, layer: l, shape: [3 * d]),
                attnOut: try linear(.attnOut, out: d, in: d),
                attnOutBias: try r.load(.attnOutBias, layer: l, shape: [d]),
                ln2: try r.load(.ffnNorm, layer: l, shape: [d]),
                ln2Bias: try r.load(.ffnNormBias, layer: l, shape: [d]),
                up: try linear(.ffnUp, out: f, in: d), upBias: try r.load(.ffnUpBias, layer: l, shape: [f]),
                down: try linear(.ffnDown, out: d, in: f),
                downBias: try r.load(.ffnDownBias, layer: l, shape: [d]))
        }
        self.config = config
        info = ModelInfo(
            name: name, family: .gpt2, layers: config.layerCount, heads: config.headCount,
            kvHeads: config.headCount, width: d, vocabularySize: v, contextLength: config.contextLength,
            ffnWidth: config.ffnWidth)
    }

    final class Workspace {
        let h: FloatBuffer  // [T, D]
        let qkv: FloatBuffer  // [T, 3D]
        let a: FloatBuffer  // [T, D]
        let o: FloatBuffer  // [T, D]
        let u: FloatBuffer  // [T, F]

        init(_ c: GPT2Config, tokens t: Int) {
            h = FloatBuffer(t * c.width)
            qkv = FloatBuffer(t * 3 * c.width)
            a = FloatBuffer(t * c.width)
            o = FloatBuffer(t * c.width)
            u = FloatBuffer(t * c.ffnWidth)
        }
    }

    func makeWorkspace(tokens: Int) -> Workspace { Workspace(config, tokens: tokens) }

    func embed(_ ids: [Int], into x: UnsafeMutablePointer<Float>, workspace: Workspace) {
        let d = config.width
        for (t, id) in ids.enumerated() {
            addVectors(x + t * d, tokenEmbedding.p + id * d, positionEmbedding.p + t * d, count: d)
        }
    }

    func runBlock(
        _ layer: Int, x: UnsafePointer<Float>, tokens t: Int, mid: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, attention: AttentionSink, workspace w: Workspace
    ) {
        let b = blocks[layer]
        let (d, f, h) = (config.width, config.ffnWidth, config.headCount)
        let hd = d / h
        layerNorm(w.h.p, x, weight: b.ln1.p, bias: b.ln1Bias.p, rows: t, dim: d, eps: config.eps)
        MatMul.linear(w.qkv.p, w.h.p, b.qkv.p, bias: b.qkvBias.p, m: t, k: d, n: 3 * d)
        causalAttention(
            w.a.p, attention, q: w.qkv.p, k: w.qkv.p + d, v: w.qkv.p + 2 * d, qStride: 3 * d, kvStride: 3 * d,
            tokens: t, heads: h, kvHeads: h, headDim: hd,
            rule: AttentionRule(scale: 1 / Float(hd).squareRoot()))
        MatMul.linear(w.o.p, w.a.p, b.attnOut.p, bias: b.attnOutBias.p, m: t, k: d, n: d)
        addVectors(mid, x, w.o.p, count: t * d)
        layerNorm(w.h.p, mid, weight: b.ln2.p, bias: b.ln2Bias.p, rows: t, dim: d, eps: config.eps)
        MatMul.linear(w.u.p, w.h.p, b.up.p, bias: b.upBias.p, m: t, k: d, n: f)
        geluTanh(w.u.p, count: t * f)
        MatMul.linear(w.o.p, w.u.p, b.down.p, bias: b.downBias.p, m: t, k: f, n: d)
        addVectors(out, mid, w.o.p, count: t * d)
    }

    var unembeddingWidth: Int { config.width }

    func finalNorm(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int) {
        layerNorm(out, x, weight: lnF.p, bias: lnFBias.p, rows: rows, dim: config.width, eps: config.eps)
    }
}
