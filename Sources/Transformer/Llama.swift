// Llama, as in HF modeling_llama.py (RMSNorm, RoPE with rotate_half, GQA, SwiGLU);
// GGUF names as llama.cpp's "blk.%d.attn_q", with Q/K rows un-permuted on load.
import ModelFiles
import TensorCore

/// Llama's `config.json`; checkpoint key names appear only in `CodingKeys`.
public struct LlamaConfig: Codable, Sendable, Equatable {
    public var width: Int
    public var ffnWidth: Int
    public var layerCount: Int
    public var headCount: Int
    public var kvHeadCount: Int?
    public var headDim: Int?
    public var rmsNormEps: Double?
    public var ropeTheta: Double?
    public var ropeParameters: RopeParameters?
    public var contextLength: Int?
    public var vocabularySize: Int
    public var tieWordEmbeddings: Bool?

    /// The newer `rope_parameters` block of transformers ≥ 5.
    public struct RopeParameters: Codable, Sendable, Equatable {
        public var ropeTheta: Double?
        enum CodingKeys: String, CodingKey { case ropeTheta = "rope_theta" }
    }

    enum CodingKeys: String, CodingKey {
        case width = "hidden_size", ffnWidth = "intermediate_size", layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads", kvHeadCount = "num_key_value_heads", headDim = "head_dim"
        case rmsNormEps = "rms_norm_eps", ropeTheta = "rope_theta", ropeParameters = "rope_parameters"
        case contextLength = "max_position_embeddings", vocabularySize = "vocab_size"
        case tieWordEmbeddings = "tie_word_embeddings"
    }

    public init(
        width: Int, ffnWidth: Int, layerCount: Int, headCount: Int, kvHeadCount: Int?, headDim: Int?,
        rmsNormEps: Double, ropeTheta: Double, contextLength: Int, vocabularySize: Int,
        tieWordEmbeddings: Bool?
    ) {
        self.width = width
        self.ffnWidth = ffnWidth
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headDim = headDim
        self.rmsNormEps = rmsNormEps
        self.ropeTheta = ropeTheta
        self.contextLength = contextLength
        self.vocabularySize = vocabularySize
        self.tieWordEmbeddings = tieWordEmbeddings
    }

    /// Reads the `llama.*` metadata of a GGUF file.
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        let width = try m.int(.embeddingLength)
        let heads = try m.int(.headCount)
        self.init(
            width: width, ffnWidth: try m.int(.feedForwardLength), layerCount: try m.int(.blockCount),
            headCount: heads, kvHeadCount: m.optionalInt(.kvHeadCount) ?? heads,
            headDim: m.optionalInt(.keyLength),
            rmsNormEps: try m.double(.rmsEpsilon), ropeTheta: m.optionalDouble(.ropeFreqBase) ?? 10_000,
            contextLength: try m.int(.contextLength),
            vocabularySize: m.optionalInt(.vocabSize) ?? vocabularySize,
            tieWordEmbeddings: nil)
    }

    var kvHeads: Int { kvHeadCount ?? headCount }
    var resolvedHeadDim: Int { headDim ?? width / max(headCount, 1) }
    /// `rope_theta` at the top level (transformers < 5) or inside `rope_parameters`; 10000 by default.
    var theta: Double { ropeTheta ?? ropeParameters?.ropeTheta ?? 10_000 }
    var eps: Float { Float(rmsNormEps ?? 1e-6) }

    /// The sizes to validate before loading; without `head_dim` the width must split over the heads.
    public var dimensions: ModelDimensions {
        ModelDimensions(
            layers: layerCount, width: width, heads: headCount, kvHeads: kvHeads, headDim: resolvedHeadDim,
            ffn: ffnWidth, vocabulary: vocabularySize, context: contextLength ?? 2048,
            epsilons: [rmsNormEps ?? 1e-6], widthDividesByHeads: headDim == nil, ffnMatrices: 3,
            tiedEmbeddings: tieWordEmbeddings ?? false)
    }
}

/// One Llama block's weights, `[out, in]`, used as loaded (not fused: copying ~300 MB of SmolLM2's
/// weights into fused matrices cost more load time than the extra sgemm calls cost per forward).
struct LlamaBlock: Sendable {
    let attnNorm: Weight  // [D]
    let q: Weight  // [H·d, D]
    let k: Weight  // [KV·d, D]
    let v: Weight  // [KV·d, D]
    let attnOut: Weight  // [D, H·d]
    let ffnNorm: Weight  // [D]
    let gate: Weight  // [F, D]
    let up: Weight  // [F, D]
    let down: Weight  // [D, F]
}

/// A Llama-family model (Llama 2/3, SmolLM, TinyLlama) ready to run.
public struct LlamaModel: BlockStack {
    public let info: ModelInfo
    public let config: LlamaConfig
    let embedding: Weight  // [V, D]
    let blocks: [LlamaBlock]
    let norm: Weight  // [D]
    let unembedding: Weight  // [V, D]

    /// Loads the weights of `config` from `weights`.
    /// - Parameter convention: `.gguf` un-permutes Q/K rows from llama.cpp's interleaved-RoPE order.
    init(config: LlamaConfig, weights: any WeightSource, convention: NameConvention, name: String) throws {
        try config.dimensions.validate(source: name)
        // RoPE rotates pairs of values: an odd head size has no second half.
        guard config.resolvedHeadDim % 2 == 0 else {
            throw TransformerError.invalidDimension(
                source: name, field: "head size", value: "\(config.resolvedHeadDim)",
                rule: "must be even for rotary position embeddings")
        }
        guard config.theta.isFinite, config.theta > 1 else {
            throw TransformerError.invalidDimension(
                source: name, field: "rope_theta", value: "\(config.theta)", rule: "must be a finite number above 1")
        }
        let reader = WeightReader(source: weights, family: .llama, convention: convention)
        let (d, f, v) = (config.width, config.ffnWidth, config.vocabularySize)
        let (h, kv, hd) = (config.headCount, config.kvHeads, config.resolvedHeadDim)
        embedding = try reader.load(.tokenEmbedding, shape: [v, d])
        norm = try reader.load(.finalNorm, shape: [d])
        if config.tieWordEmbeddings != true, let out = try reader.loadOptional(.output, shape: [v, d]) {
            unembedding = out
        } else {
            unembedding = embedding
        }
        blocks = try parallelMap(config.layerCount) { l in
            var q = try reader.load(.q, layer: l, shape: [h * hd, d])
            var k = try reader.load(.k, layer: l, shape: [kv * hd, d])
            if convention == .gguf {
                q = try Self.unpermute(q, heads: h, headDim: hd)
                k = try Self.unpermute(k, heads: kv, headDim: hd)
            }
            return LlamaBlock(
                attnNorm: try reader.load(.attnNorm, layer: l, shape: [d]),
                q: q, k: k, v: try reader.load(.v, layer: l, shape: [kv * hd, d]),
                attnOut: try reader.load(.attnOut, layer: l, shape: [d, h * hd]),
                ffnNorm: try reader.load(.ffnNorm, layer: l, shape: [d]),
                gate: try reader.load(.ffnGate, layer: l, shape: [f, d]),
                up: try reader.load(.ffnUp, layer: l, shape: [f, d]),
                down: try reader.load(.ffnDown, layer: l, shape: [d, f]))
        }
        self.config = config
        info = ModelInfo(
            name: name, family: .llama, layers: config.layerCount, heads: h, kvHeads: kv, width: d,
            vocabularySize: v, contextLength: config.contextLength ?? 2048)
    }

    static func unpermute(_ w: Weight, heads: Int, headDim: Int) throws -> Weight {
        let cols = w.shape[1]
        let t = Tensor(
            shape: w.shape,
            storage: FloatStorage(count: w.tensor.count) { out in
                guard let o = out.baseAddress else { return }
                unpermuteRoPERows(o, w.p, heads: heads, headDim: headDim, cols: cols)
            })
        return try Weight(t, name: "unpermuted")
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
        let rope: RoPETable

        init(_ c: LlamaConfig, tokens t: Int) {
            let hd = c.resolvedHeadDim
            h = FloatBuffer(t * c.width)
            q = FloatBuffer(t * c.headCount * hd)
            k = FloatBuffer(t * c.kvHeads * hd)
            v = FloatBuffer(t * c.kvHeads * hd)
            a = FloatBuffer(t * c.headCount * hd)
            o = FloatBuffer(t * c.width)
            g = FloatBuffer(t * c.ffnWidth)
            u = FloatBuffer(t * c.ffnWidth)
            rope = RoPETable(headDim: hd, positions: t, theta: c.theta)
        }
    }

    func makeWorkspace(tokens: Int) -> Workspace { Workspace(config, tokens: tokens) }

    func embed(_ ids: [Int], into x: UnsafeMutablePointer<Float>, workspace: Workspace) {
        let d = config.width
        for (t, id) in ids.enumerated() { (x + t * d).update(from: embedding.p + id * d, count: d) }
    }

    func runBlock(
        _ layer: Int, x: UnsafePointer<Float>, tokens t: Int, mid: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>, workspace w: Workspace
    ) {
        let b = blocks[layer]
        let (d, f) = (config.width, config.ffnWidth)
        let (h, kv, hd) = (config.headCount, config.kvHeads, config.resolvedHeadDim)
        rmsNorm(w.h.p, x, weight: b.attnNorm.p, rows: t, dim: d, eps: config.eps)
        MatMul.linear(w.q.p, w.h.p, b.q.p, m: t, k: d, n: h * hd)
        MatMul.linear(w.k.p, w.h.p, b.k.p, m: t, k: d, n: kv * hd)
        MatMul.linear(w.v.p, w.h.p, b.v.p, m: t, k: d, n: kv * hd)
        applyRoPE(w.q.p, table: w.rope, tokens: t, heads: h, rowStride: h * hd)
        applyRoPE(w.k.p, table: w.rope, tokens: t, heads: kv, rowStride: kv * hd)
        causalAttention(
            w.a.p, probs, q: w.q.p, k: w.k.p, v: w.v.p, qStride: h * hd, kvStride: kv * hd,
            tokens: t, heads: h, kvHeads: kv, headDim: hd, scale: 1 / Float(hd).squareRoot())
        MatMul.linear(w.o.p, w.a.p, b.attnOut.p, m: t, k: h * hd, n: d)
        addVectors(mid, x, w.o.p, count: t * d)
        rmsNorm(w.h.p, mid, weight: b.ffnNorm.p, rows: t, dim: d, eps: config.eps)
        MatMul.linear(w.g.p, w.h.p, b.gate.p, m: t, k: d, n: f)
        MatMul.linear(w.u.p, w.h.p, b.up.p, m: t, k: d, n: f)
        swiglu(w.g.p, gate: w.g.p, up: w.u.p, count: t * f)
        MatMul.linear(w.o.p, w.g.p, b.down.p, m: t, k: f, n: d)
        addVectors(out, mid, w.o.p, count: t * d)
    }

    var unembeddingWidth: Int { config.width }

    func finalNorm(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int) {
        rmsNorm(out, x, weight: norm.p, rows: rows, dim: config.width, eps: config.eps)
    }
}
