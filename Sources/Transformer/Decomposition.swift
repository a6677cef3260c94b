import Foundation
import TensorCore

/// A block's attention output split by head along one readout direction.
///
/// Legend: H heads.
public struct HeadParts: Sendable, Equatable {
    /// `[H]`: each head's slice of the output projection times its weighted values, read along the direction.
    public let heads: [Float]
    /// The output projection's bias along the direction; nil when the family has none.
    public let bias: Float?
    /// Whether heads plus bias equal the block's attention part (false for post-LN OPT, whose norm after
    /// the attention mixes the residual back in).
    public let additive: Bool
}

/// What the depth views (direct logit attribution, activation patching) ask of a model beyond the forward pass.
///
/// Legend: L layers, H heads, T tokens, D width, N sequences, d head width.
public protocol DecomposableModel: LanguageModel {
    /// The final norm frozen at `row` (`resid[L][t]`, `[D]`) and projected onto `target` − `baseline`.
    /// - Throws: `TransformerError.tokenOutOfVocabulary`, `.lensShapeMismatch`
    func frozenReadout(at row: [Float], target: Int, baseline: Int?) throws -> FrozenReadout

    /// Block `layer`'s (0-based) attention output at one position split by head along `direction`.
    /// - Parameters:
    ///   - weightedValues: `[H·d]`, the heads' attention-weighted values at that position (before the
    ///     output projection)
    ///   - direction: `[D]`
    func headParts(layer: Int, weightedValues: [Float], direction: [Float]) throws -> HeadParts

    /// Runs blocks `from+1 … L` (1-based; `from` = 0 runs every block) on N prompts of T tokens at once
    /// and returns each one's last residual row at `readPosition`, `[N, D]` (`resid[L][readPosition]`).
    /// - Parameter inputs: `[N, T, D]`, `resid[from]` of each prompt
    /// - Throws: `.cancelled` when `isCancelled` turns true between blocks, `.lensShapeMismatch`
    func continueForward(
        from: Int, inputs: Tensor, readPosition: Int, isCancelled: () -> Bool
    ) throws -> Tensor

    /// Runs N variants of a base prompt of T tokens that differ from it only from `starts[i]` on, variant i
    /// through blocks `from[i]+1 … L`, computing only those positions (the earlier ones' keys and values are
    /// the base run's). Every variant running a block is in one batch for it: a variant joins the batch at
    /// its first block. Returns each variant's `resid[L][T−1]`, `[N, D]`.
    /// - Parameters:
    ///   - from: `[N]`, each in 0…L (L: no block runs, the input's last row is the output)
    ///   - inputs: `[R, D]`: each variant's `resid[from[i]]` at positions `starts[i]..<T`, variant after variant
    ///   - base: the base prompt's run (`ForwardResult.attention`), every block from `min(from)+1` on recorded
    /// - Throws: `.cancelled` between blocks, `.layerOutOfRange`, `.lensShapeMismatch` for inputs or a base
    ///   of other sizes
    func continueSuffixes(
        from: [Int], inputs: Tensor, starts: [Int], base: AttentionCapture, isCancelled: () -> Bool
    ) throws -> Tensor

    /// `resid_mid` of blocks 1…L at `position` of `run`, `[L, D]`: the kept rows, or (for a prompt over
    /// `ForwardResult.residMidTokenLimit`) recomputed by running each block on that one row against the
    /// run's own keys and values, equal to the forward's to rounding.
    /// - Throws: `.positionOutOfRange`, `.lensShapeMismatch` for a run of another model
    func residMidRows(of run: ForwardResult, position: Int) throws -> Tensor

    /// The logits of `ids` for each residual row `[N, D]`, `[N][ids.count]`: final norm and unembedding as
    /// in the lens, then the final soft-capping when the family has one (the model's own output).
    func selectedLogits(rows: Tensor, ids: [Int]) throws -> [[Float]]

    /// Soft-capping `c·tanh(x/c)` of the final logits (Gemma 2), nil for none. Attribution parts sum to
    /// the logit before it.
    var logitSoftcap: Float? { get }
}

extension DecomposableModel {
    /// `continueSuffixes` with every variant running blocks `from+1 … L`.
    public func continueSuffixes(
        from: Int, inputs: Tensor, starts: [Int], base: AttentionCapture, isCancelled: () -> Bool
    ) throws -> Tensor {
        try continueSuffixes(
            from: starts.map { _ in from }, inputs: inputs, starts: starts, base: base, isCancelled: isCancelled)
    }

    /// `logit(answer) − logit(foil)` of each residual row `[N, D]`, as the model's own output.
    public func logitDifferences(rows: Tensor, answer: Int, foil: Int) throws -> [Float] {
        try selectedLogits(rows: rows, ids: [answer, foil]).map { $0[0] - $0[1] }
    }
}

/// A family's per-layer attention output projection, as the decomposition reads it.
struct OutputProjection {
    /// `[D, H·d]`
    let weight: UnsafePointer<Float>
    /// `[D]` or nil.
    let bias: UnsafePointer<Float>?
    /// A norm applied to the projection's output before it joins the residual (Gemma's
    /// `post_attention_layernorm`): `weight / rms`, frozen at the whole output row.
    let postNorm: (weight: UnsafePointer<Float>, eps: Float)?
    /// Whether heads + bias are the block's attention part (false for post-LN OPT).
    var additive = true
}

/// The per-family facts the generic decomposition needs.
protocol DecompositionParts: BlockStack {
    var finalNormForm: FinalNormForm { get }
    func outputProjection(layer: Int) -> OutputProjection
    /// H·d, the width of the attention output before the projection.
    var attentionWidth: Int { get }
}

extension DecompositionParts {
    public var logitSoftcap: Float? { finalLogitSoftcap }

    /// d, one head's width.
    var headWidth: Int { attentionWidth / max(info.heads, 1) }

    public func frozenReadout(at row: [Float], target: Int, baseline: Int?) throws -> FrozenReadout {
        let v = info.vocabularySize
        guard row.count == info.width else {
            throw TransformerError.lensShapeMismatch(expectedWidth: info.width, found: [row.count])
        }
        for id in [target] + (baseline.map { [$0] } ?? []) where id < 0 || id >= v {
            throw TransformerError.tokenOutOfVocabulary(id: id, vocabularySize: v)
        }
        return finalNormForm.freeze(
            row: row, target: target, baseline: baseline, unembedding: unembedding.p, width: info.width,
            unembeddingWidth: unembeddingWidth)
    }

    public func headParts(layer: Int, weightedValues z: [Float], direction: [Float]) throws -> HeadParts {
        let (d, hw, h) = (info.width, attentionWidth, info.heads)
        guard layer >= 0, layer < info.layers else {
            throw TransformerError.layerOutOfRange(layer: layer, layers: info.layers)
        }
        guard z.count == hw, direction.count == d else {
            throw TransformerError.lensShapeMismatch(expectedWidth: hw, found: [z.count, direction.count])
        }
        let proj = outputProjection(layer: layer)
        var dir = direction.map(Double.init)
        if let post = proj.postNorm {
            // o = W z + b, then y = o / rms(o) · g': freeze rms(o) so y is linear in each head's slice.
            var o = [Double](repeating: 0, count: d)
            for r in 0..<d {
                var s = Double(proj.bias?[r] ?? 0)
                for c in 0..<hw { s += Double(proj.weight[r * hw + c]) * Double(z[c]) }
                o[r] = s
            }
            let inv = 1 / (o.reduce(0) { $0 + $1 * $1 } / Double(d) + Double(post.eps)).squareRoot()
            for i in 0..<d { dir[i] *= Double(post.weight[i]) * inv }
        }
        // u = Wᵀ dir, [H·d] (one sgemv); head part = Σ over its slice of u ⊙ z.
        let direction = dir.map(Float.init)
        var u = [Float](repeating: 0, count: hw)
        u.withUnsafeMutableBufferPointer { out in
            direction.withUnsafeBufferPointer { a in
                guard let o = out.baseAddress, let x = a.baseAddress else { return }
                MatMul.product(o, x, proj.weight, m: 1, k: d, n: hw)
            }
        }
        let hd = hw / max(h, 1)
        let heads = (0..<h).map { head in
            Float((0..<hd).reduce(0.0) { $0 + Double(u[head * hd + $1]) * Double(z[head * hd + $1]) })
        }
        let bias = proj.bias.map { b in Float((0..<d).reduce(0.0) { $0 + Double(b[$1]) * dir[$1] }) }
        return HeadParts(heads: heads, bias: bias, additive: proj.additive)
    }

    public func continueForward(
        from: Int, inputs: Tensor, readPosition: Int, isCancelled: () -> Bool
    ) throws -> Tensor {
        let d = info.width
        guard from >= 0, from <= info.layers else {
            throw TransformerError.layerOutOfRange(layer: from, layers: info.layers)
        }
        guard inputs.shape.count == 3, inputs.shape[2] == d, inputs.shape[0] > 0, inputs.shape[1] > 0,
            readPosition >= 0, readPosition < inputs.shape[1]
        else { throw TransformerError.lensShapeMismatch(expectedWidth: d, found: inputs.shape) }
        let (n, t) = (inputs.shape[0], inputs.shape[1])
        guard t <= info.contextLength else {
            throw TransformerError.promptTooLong(tokens: t, contextLength: info.contextLength)
        }
        let plane = t * d
        var current = FloatBuffer(n * plane)
        var next = FloatBuffer(n * plane)
        inputs.buffer.baseAddress.map { current.p.update(from: $0, count: n * plane) }
        let w = makeWorkspace(tokens: t)
        let mid = FloatBuffer(plane)
        // Layer-major: every prompt goes through one block before the next block's weights are read.
        for layer in from..<info.layers {
            if isCancelled() { throw TransformerError.cancelled(afterLayer: layer) }
            for s in 0..<n {
                runBlock(
                    layer, x: current.p + s * plane, tokens: t, mid: mid.p, out: next.p + s * plane,
                    attention: .discard, workspace: w)
            }
            swap(&current, &next)
        }
        var rows = [Float](repeating: 0, count: n * d)
        for s in 0..<n {
            for i in 0..<d { rows[s * d + i] = current.p[s * plane + readPosition * d + i] }
        }
        return Tensor(shape: [n, d], values: rows)
    }

    public func selectedLogits(rows: Tensor, ids: [Int]) throws -> [[Float]] {
        let (d, e, v) = (info.width, unembeddingWidth, info.vocabularySize)
        guard rows.shape.count == 2, rows.shape[1] == d, rows.shape[0] > 0, let x = rows.buffer.baseAddress else {
            throw TransformerError.lensShapeMismatch(expectedWidth: d, found: rows.shape)
        }
        for id in ids where id < 0 || id >= v {
            throw TransformerError.tokenOutOfVocabulary(id: id, vocabularySize: v)
        }
        let n = rows.shape[0]
        let normed = FloatBuffer(n * e)
        finalNorm(normed.p, x, rows: n)
        let cap = finalLogitSoftcap.map(Double.init)
        return (0..<n).map { r in
            ids.map { id in
                let u = unembedding.p + id * e
                var sum: Double = 0
                for i in 0..<e { sum += Double(normed.p[r * e + i]) * Double(u[i]) }
                return Float(cap.map { $0 * tanh(sum / $0) } ?? sum)
            }
        }
    }
}
