import Foundation
import TensorCore

/// The parts a family supplies so that the shared driver below can run, capture and lens it.
///
/// Legend: L layers, H heads, T tokens, D width, E unembedding width (D, or OPT's
/// `word_embed_proj_dim`), V vocabulary.
protocol BlockStack: LanguageModel {
    /// Per-forward scratch memory, sized for T tokens.
    associatedtype Workspace
    func makeWorkspace(tokens: Int) -> Workspace

    /// Writes the embedding output (input of block 1) into `x` `[T, D]`.
    func embed(_ ids: [Int], into x: UnsafeMutablePointer<Float>, workspace: Workspace)

    /// Runs block `layer` (0-based) on `x` `[T, D]`, writing the residual after attention to `mid`
    /// `[T, D]` and the block output to `out` `[T, D]`. `attention` goes to `causalAttention` unchanged:
    /// it records the block's queries, keys, values and rule (see `AttentionCapture`).
    func runBlock(
        _ layer: Int, x: UnsafePointer<Float>, tokens: Int, mid: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, attention: AttentionSink, workspace: Workspace)

    /// E, the width the unembedding expects.
    var unembeddingWidth: Int { get }
    /// Final norm (+ projection): `out[N, E]` from `x[N, D]`.
    func finalNorm(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int)
    /// `[V, E]`
    var unembedding: Weight { get }
    /// Gemma 2's `final_logit_softcapping` c: logits become `c·tanh(logits/c)`, in the lens too, so
    /// that the lens at the last layer is the model's output. Nil for every other family.
    var finalLogitSoftcap: Float? { get }
}

extension BlockStack {
    var finalLogitSoftcap: Float? { nil }

    /// Checks the prompt before any work: non-empty, within the context, ids inside the vocabulary.
    func validate(_ ids: [Int]) throws {
        guard !ids.isEmpty else { throw TransformerError.emptyPrompt }
        guard ids.count <= info.contextLength else {
            throw TransformerError.promptTooLong(tokens: ids.count, contextLength: info.contextLength)
        }
        if let bad = ids.first(where: { $0 < 0 || $0 >= info.vocabularySize }) {
            throw TransformerError.tokenOutOfVocabulary(id: bad, vocabularySize: info.vocabularySize)
        }
        // The residual stream, resid_mid (short prompts) and each block's Q, K, V are kept (never T × T).
        let available = ProcessInfo.processInfo.physicalMemory
        let bytes = ModelDimensions.forwardBytes(
            layers: info.layers, heads: info.heads, width: info.width, tokens: ids.count)
        guard let bytes, UInt64(bytes) <= available else {
            throw TransformerError.runTooLarge(
                tokens: ids.count, estimatedBytes: bytes.map(UInt64.init) ?? .max, availableBytes: available)
        }
    }

    public func forward(
        ids: [Int], onBlock: (BlockCapture) -> Void, isCancelled: () -> Bool
    ) throws -> ForwardResult {
        try validate(ids)
        let layers = info.layers
        let d = info.width
        let t = ids.count
        let plane = t * d  // [T, D]
        let workspace = makeWorkspace(tokens: t)
        // Kept for the whole run and viewed (not copied) by every capture: [L+1, T, D], and `resid_mid`
        // [L, T, D] up to `residMidTokenLimit` tokens (above it one [T, D] plane, reused block after block).
        let keepsMid = t <= ForwardResult.residMidTokenLimit
        let resid = FloatBuffer((layers + 1) * plane)
        let mids = FloatBuffer(max(1, (keepsMid ? layers : 1) * plane))
        let attention = AttentionCapture(layers: layers)
        func view(_ p: UnsafeMutablePointer<Float>, owner: FloatBuffer) -> Tensor {
            Tensor(
                shape: [t, d],
                storage: FloatStorage(borrowing: UnsafeBufferPointer(start: p, count: plane), owner: owner))
        }
        embed(ids, into: resid.p, workspace: workspace)
        onBlock(BlockCapture(layer: 0, residMid: nil, residPost: view(resid.p, owner: resid), attention: nil))
        for l in 0..<layers {
            if isCancelled() { throw TransformerError.cancelled(afterLayer: l) }
            let x = resid.p + l * plane
            let out = resid.p + (l + 1) * plane
            let mid = mids.p + (keepsMid ? l * plane : 0)
            runBlock(
                l, x: x, tokens: t, mid: mid, out: out, attention: attention.sink(layer: l),
                workspace: workspace)
            onBlock(
                BlockCapture(
                    layer: l + 1, residMid: view(mid, owner: mids), residPost: view(out, owner: resid),
                    attention: attention))
        }
        let residTensor = Tensor(
            shape: [layers + 1, t, d],
            storage: FloatStorage(
                borrowing: UnsafeBufferPointer(start: resid.p, count: resid.count), owner: resid))
        let midTensor = keepsMid
            ? Tensor(
                shape: [layers, t, d],
                storage: FloatStorage(
                    borrowing: UnsafeBufferPointer(start: mids.p, count: layers * plane), owner: mids))
            : nil
        let last = Tensor(
            shape: [1, d], values: Array(residTensor.buffer[(layers * plane + (t - 1) * d)...].prefix(d)))
        let logits = try lens(rows: last)
        return ForwardResult(
            ids: ids, resid: residTensor, residMid: midTensor, attention: attention,
            logitsLast: Tensor(shape: [info.vocabularySize], storage: logits.storage))
    }

    public func lens(rows: Tensor) throws -> Tensor {
        let d = info.width
        guard rows.shape.count == 2, rows.shape[1] == d, rows.shape[0] > 0,
            let x = rows.buffer.baseAddress
        else { throw TransformerError.lensShapeMismatch(expectedWidth: d, found: rows.shape) }
        let n = rows.shape[0]
        let e = unembeddingWidth
        let v = info.vocabularySize
        let normed = FloatBuffer(n * e)
        finalNorm(normed.p, x, rows: n)
        let logits = FloatStorage(count: n * v) { out in
            guard let o = out.baseAddress else { return }
            MatMul.linear(o, normed.p, unembedding.p, m: n, k: e, n: v)
            if let cap = finalLogitSoftcap { softcap(o, count: n * v, cap: cap) }
        }
        return Tensor(shape: [n, v], storage: logits)
    }
}
