// OPT, as in HF modeling_opt.py (learned positions offset by 2, ReLU, pre- or post-LN by
// do_layer_norm_before, project_in/project_out when word_embed_proj_dim ≠ hidden_size). No GGUF form.
import ModelFiles
import TensorCore

/// OPT's `config.json`; checkpoint key names appear only in `CodingKeys`.
public struct OPTConfig: Codable, Sendable, Equatable {
    public var layerCount: Int
    public var headCount: Int
    public var width: Int
    public var ffnWidth: Int
    public var contextLength: Int
    public var vocabularySize: Int
    public var embeddingWidth: Int?
    public var layerNormBefore: Bool?
    public var removeFinalLayerNorm: Bool?

    enum CodingKeys: String, CodingKey {
        case layerCount = "num_hidden_layers", headCount = "num_attention_heads", width = "hidden_size"
        case ffnWidth = "ffn_dim", contextLength = "max_position_embeddings", vocabularySize = "vocab_size"
        case embeddingWidth = "word_embed_proj_dim", layerNormBefore = "do_layer_norm_before"
        case removeFinalLayerNorm = "_remove_final_layer_norm"
    }

    /// E, the width of the token embedding (and of the unembedding).
    var projectionWidth: Int { embeddingWidth ?? width }
    var preLayerNorm: Bool { layerNormBefore ?? true }
    /// OPT has a final layer norm only in the pre-LN layout (and not when a checkpoint removed it).
    var hasFinalLayerNorm: Bool { preLayerNorm && !(removeFinalLayerNorm ?? false) }

    /// The sizes to validate before loading; the projections (when E ≠ D) are the extra parameters.
    public var dimensions: ModelDimensions {
        let e = projectionWidth
        let projections = e == width ? Checked(0) : Checked(e) * width * 2
        return ModelDimensions(
            layers: layerCount, width: width, heads: headCount, kvHeads: headCount,
            headDim: headCount > 0 ? width / headCount : 0, ffn: ffnWidth, vocabulary: vocabularySize,
            context: contextLength, epsilons: [Double(OPTModel.eps)], widthDividesByHeads: true,
            positionRows: contextLength <= Int.max - 2 ? contextLength + 2 : Int.max,
            extraParameters: projections.value ?? Int.max)
    }
}

/// One OPT block's weights, `[out, in]`, Q|K|V fused.
struct OPTBlock: Sendable {
    let attnNorm: Weight, attnNormBias: Weight  // [D]
    let qkv: Weight, qkvBias: Weight  // [3D, D], [3D]
    let attnOut: Weight, attnOutBias: Weight  // [D, D], [D]
    let ffnNorm: Weight, ffnNormBias: Weight  // [D]
    let up: Weight, upBias: Weight  // [F, D], [F]
    let down: Weight, downBias: Weight  // [D, F], [D]
}

/// An OPT model (facebook/opt-125m … opt-1.3b, and the post-LN opt-350m layout) ready to run.
public struct OPTModel: BlockStack {
    public let info: ModelInfo
    public let config: OPTConfig
    let tokenEmbedding: Weight  // [V, E]
    let positionEmbedding: Weight  // [context + 2, D]
    let projectIn: Weight?  // [D, E]
    let projectOut: Weight?  // [E, D]
    let blocks: [OPTBlock]
    let finalLN: Weight?, finalLNBias: Weight?  // [D]
    let unembedding: Weight  // [V, E]

    /// OPT's learned positions start at row 2 (rows 0–1 are a fairseq padding leftover).
    static let positionOffset = 2
    static let eps: Float = 1e-5

    init(config: OPTConfig, weights: any WeightSource, name: String) throws {
        try config.dimensions.validate(source: name)
        guard config.projectionWidth >= 1, config.projectionWidth <= ModelDimensions.Bounds.width else {
            throw TransformerError.invalidDimension(
                source: name, field: "word_embed_proj_dim", value: "\(config.projectionWidth)",
                rule: "must be between 1 and \(ModelDimensions.Bounds.width)")
        }
        let r = WeightReader(source: weights, family: .opt, convention: .huggingFace)
        let (d, f, v, e) = (config.width, config.ffnWidth, config.vocabularySize, config.projectionWidth)
        tokenEmbedding = try r.load(.tokenEmbedding, shape: [v, e])
        positionEmbedding = try r.load(
            .positionEmbedding, shape: [config.contextLength + Self.positionOffset, d])
        projectIn = e == d ? nil : try r.load(.projectIn, shape: [d, e])
        projectOut = e == d ? nil : try r.load(.projectOut, shape: [e, d])
        finalLN = config.hasFinalLayerNorm ? try r.load(.finalNorm, shape: [d]) : nil
        finalLNBias = config.hasFinalLayerNorm ? try r.load(.finalNormBias, shape: [d]) : nil
        unembedding = try r.loadOptional(.output, shape: [v, e]) ?? tokenEmbedding
        blocks = try parallelMap(config.layerCount) { l in
            OPTBlock(
                attnNorm: try r.load(.attnNorm, layer: l, shape: [d]),
                attnNormBias: try r.load(.attnNormBias, layer: l, shape: [d]),
                qkv: try concatRows(
                    [
                        try r.load(.q, layer: l, shape: [d, d]), try r.load(.k, layer: l, shape: [d, d]),
                        try r.load(.v, layer: l, shape: [d, d]),
                    ], name: "qkv.\(l)"),
                qkvBias: try concatVectors(
                    [
                        try r.load(.qBias, layer: l, shape: [d]), try r.load(.kBias, layer: l, shape: [d]),
                        try r.load(.vBias, layer: l, shape: [d]),
                    ], name: "qkv_bias.\(l)"),
                attnOut: try r.load(.attnOut, layer: l, shape: [d, d]),
                attnOutBias: try r.load(.attnOutBias, layer: l, shape: [d]),
                ffnNorm: try r.load(.ffnNorm, layer: l, shape: [d]),
                ffnNormBias: try r.load(.ffnNormBias, layer: l, shape: [d]),
                up: try r.load(.ffnUp, layer: l, shape: [f, d]),
                upBias: try r.load(.ffnUpBias, layer: l, shape: [f]),
                down: try r.load(.ffnDown, layer: l, shape: [d, f]),
                downBias: try r.load(.ffnDownBias, layer: l, shape: [d]))
        }
        self.config = config
        info = ModelInfo(
            name: name, family: .opt, layers: config.layerCount, heads: config.headCount,
            kvHeads: config.headCount, width: d, vocabularySize: v, contextLength: config.contextLength,
            ffnWidth: config.ffnWidth)
    }

    final class Workspace {
        let h: FloatBuffer  // [T, D]
        let qkv: FloatBuffer  // [T, 3D]
        let a: FloatBuffer  // [T, D]
        let o: FloatBuffer  // [T, D]
        let u: FloatBuffer  // [T, F]
        let e: FloatBuffer  // [T, E]

        init(_ c: OPTConfig, tokens t: Int) {
            h = FloatBuffer(t * c.width)
            qkv = FloatBuffer(t * 3 * c.width)
            a = FloatBuffer(t * c.width)
            o = FloatBuffer(t * c.width)
            u = FloatBuffer(t * c.ffnWidth)
            e = FloatBuffer(t * c.projectionWidth)
        }
    }

    func makeWorkspace(tokens: Int) -> Workspace { Workspace(config, tokens: tokens) }

    func embed(_ ids: [Int], into x: UnsafeMutablePointer<Float>, workspace w: Workspace) {
        let (d, e, t) = (config.width, config.projectionWidth, ids.count)
        for (i, id) in ids.enumerated() { (w.e.p + i * e).update(from: tokenEmbedding.p + id * e, count: e) }
        if let projectIn {
            MatMul.linear(x, w.e.p, projectIn.p, m: t, k: e, n: d)
        } else {
            x.update(from: w.e.p, count: t * d)
        }
        for i in 0..<t {
            addVectors(x + i * d, x + i * d, positionEmbedding.p + (i + Self.positionOffset) * d, count: d)
        }
    }

    func runBlock(
        _ layer: Int, x: UnsafePointer<Float>, tokens t: Int, mid: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, attention: AttentionSink, workspace w: Workspace
    ) {
        let b = blocks[layer]
        let (d, f, h) = (config.width, config.ffnWidth, config.headCount)
        let hd = d / h
        let pre = config.preLayerNorm
        if pre {
            layerNorm(w.h.p, x, weight: b.attnNorm.p, bias: b.attnNormBias.p, rows: t, dim: d, eps: Self.eps)
        } else {
            w.h.p.update(from: x, count: t * d)
        }
        MatMul.linear(w.qkv.p, w.h.p, b.qkv.p, bias: b.qkvBias.p, m: t, k: d, n: 3 * d)
        causalAttention(
            w.a.p, attention, q: w.qkv.p, k: w.qkv.p + d, v: w.qkv.p + 2 * d, qStride: 3 * d, kvStride: 3 * d,
            tokens: t, heads: h, kvHeads: h, headDim: hd,
            rule: AttentionRule(scale: 1 / Float(hd).squareRoot()))
        MatMul.linear(w.o.p, w.a.p, b.attnOut.p, bias: b.attnOutBias.p, m: t, k: d, n: d)
        addVectors(mid, x, w.o.p, count: t * d)
        if pre {
            layerNorm(w.h.p, mid, weight: b.ffnNorm.p, bias: b.ffnNormBias.p, rows: t, dim: d, eps: Self.eps)
        } else {
            layerNorm(mid, mid, weight: b.attnNorm.p, bias: b.attnNormBias.p, rows: t, dim: d, eps: Self.eps)
            w.h.p.update(from: mid, count: t * d)
        }
        MatMul.linear(w.u.p, w.h.p, b.up.p, bias: b.upBias.p, m: t, k: d, n: f)
        relu(w.u.p, count: t * f)
        MatMul.linear(w.o.p, w.u.p, b.down.p, bias: b.downBias.p, m: t, k: f, n: d)
        addVectors(out, mid, w.o.p, count: t * d)
        if !pre {
            layerNorm(out, out, weight: b.ffnNorm.p, bias: b.ffnNormBias.p, rows: t, dim: d, eps: Self.eps)
        }
    }

    var unembeddingWidth: Int { config.projectionWidth }

    func finalNorm(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int) {
        let (d, e) = (config.width, config.projectionWidth)
        let normed = FloatBuffer(rows * d)
        if let finalLN, let finalLNBias {
            layerNorm(normed.p, x, weight: finalLN.p, bias: finalLNBias.p, rows: rows, dim: d, eps: Self.eps)
        } else {
            normed.p.update(from: x, count: rows * d)
        }
        if let projectOut {
            MatMul.linear(out, normed.p, projectOut.p, m: rows, k: d, n: e)
        } else {
            out.update(from: normed.p, count: rows * d)
        }
    }
}
