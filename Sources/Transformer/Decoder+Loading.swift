import ModelFiles
import TensorCore

extension DecoderModel {
    /// Loads the weights `layout` describes, under `family`'s checkpoint names, checking every shape.
    ///
    /// Fused projections (Phi-3) are viewed as their parts without copying; Gemma's norm gains get
    /// their `1 +` here for Hugging Face files (GGUF already stores `1 + w`).
    init(
        layout c: DecoderLayout, family: ModelFamily, weights: any WeightSource, convention: NameConvention,
        name: String
    ) throws {
        try c.validate(source: name)
        let r = WeightReader(source: weights, family: family, convention: convention)
        let (d, f, v) = (c.width, c.ffnWidth, c.vocabularySize)
        let (h, kv, hd) = (c.heads, c.kvHeads, c.headDim)
        let addOne = c.normAddsOne && convention == .huggingFace
        @Sendable func norm(_ role: TensorRole, _ l: Int, _ dim: Int) throws -> Weight {
            let w = try r.load(role, layer: l, shape: [dim])
            return addOne ? try w.plusOne(name: r.resolvedName(role, layer: l) ?? "norm") : w
        }
        let embedding = try r.load(.tokenEmbedding, shape: [v, d])
        let unembedding: Weight
        if !c.tiedEmbeddings, let out = try r.loadOptional(.output, shape: [v, d]) {
            unembedding = out
        } else {
            unembedding = embedding
        }
        let blocks = try parallelMap(c.layerCount) { l in
            let q: Weight, k: Weight, v: Weight, gate: Weight, up: Weight
            if c.fusedProjections {
                let qkv = try r.load(.qkv, layer: l, shape: [(h + 2 * kv) * hd, d])
                q = try qkv.rows(0, h * hd, name: "q")
                k = try qkv.rows(h * hd, kv * hd, name: "k")
                v = try qkv.rows((h + kv) * hd, kv * hd, name: "v")
                let gateUp = try r.load(.ffnGateUp, layer: l, shape: [2 * f, d])
                gate = try gateUp.rows(0, f, name: "gate")
                up = try gateUp.rows(f, f, name: "up")
            } else {
                let (q0, k0) = (
                    try r.load(.q, layer: l, shape: [h * hd, d]),
                    try r.load(.k, layer: l, shape: [kv * hd, d])
                )
                q = c.qkPermutedForGGUF ? try Self.unpermute(q0, heads: h, headDim: hd) : q0
                k = c.qkPermutedForGGUF ? try Self.unpermute(k0, heads: kv, headDim: hd) : k0
                v = try r.load(.v, layer: l, shape: [kv * hd, d])
                gate = try r.load(.ffnGate, layer: l, shape: [f, d])
                up = try r.load(.ffnUp, layer: l, shape: [f, d])
            }
            return DecoderBlock(
                attnNorm: try norm(.attnNorm, l, d), q: q, k: k, v: v,
                qBias: try r.loadOptional(.qBias, layer: l, shape: [h * hd]),
                kBias: try r.loadOptional(.kBias, layer: l, shape: [kv * hd]),
                vBias: try r.loadOptional(.vBias, layer: l, shape: [kv * hd]),
                qNorm: c.qkNorm ? try norm(.qNorm, l, hd) : nil,
                kNorm: c.qkNorm ? try norm(.kNorm, l, hd) : nil,
                attnOut: try r.load(.attnOut, layer: l, shape: [d, h * hd]),
                attnOutBias: try r.loadOptional(.attnOutBias, layer: l, shape: [d]),
                postAttnNorm: c.sandwichNorms ? try norm(.postAttnNorm, l, d) : nil,
                ffnNorm: try norm(.ffnNorm, l, d), gate: gate, up: up,
                down: try r.load(.ffnDown, layer: l, shape: [d, f]),
                postFFNorm: c.sandwichNorms ? try norm(.postFFNorm, l, d) : nil)
        }
        self.init(
            info: ModelInfo(
                name: name, family: family, layers: c.layerCount, heads: h, kvHeads: kv, width: d,
                vocabularySize: v, contextLength: c.contextLength, headDim: hd, ffnWidth: f, gatedFFN: true),
            layout: c, embedding: embedding, blocks: blocks, norm: try norm(.finalNorm, 0, d),
            unembedding: unembedding)
    }

    /// GGUF `llama` Q/K rows back into Hugging Face's order (see `unpermuteRoPERows`).
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
}
