import Foundation
import TensorCore
import Tokenizers
import Transformer

/// Runs one model over a prompt block by block and reads the lens out as each block finishes.
///
/// Legend: L layers, H heads, T tokens, D width, V vocabulary, k top-k.
struct ModelRunner: Sendable {
    let loaded: LoadedModel
    let topK: Int

    /// Token ids for the prompt (or the request's ids), validated against the model.
    func tokenize(prompt: String, ids: [Int]?) throws -> [Int] {
        if let ids {
            guard !ids.isEmpty else { throw TransformerError.emptyPrompt }
            return ids
        }
        guard !prompt.isEmpty else { throw TransformerError.emptyPrompt }
        guard let tokenizer = loaded.tokenizer else {
            throw TransformerError.missingTokenizer(folder: loaded.displayName)
        }
        let ids = try tokenizer.encode(prompt)
        guard !ids.isEmpty else { throw TransformerError.emptyPrompt }
        let context = loaded.model.info.contextLength
        guard ids.count <= context else {
            throw TransformerError.promptTooLong(tokens: ids.count, contextLength: context)
        }
        return ids
    }

    /// The readable text of any id; `#id` when the model has no tokenizer.
    func textFunction() -> @Sendable (Int) -> String {
        let tokenizer = loaded.tokenizer
        return { id in
            guard let tokenizer, let text = try? tokenizer.displayText(forID: id) else { return "#\(id)" }
            return text
        }
    }

    /// An empty run for the prompt's tokens, before any layer.
    func emptyRun(ids: [Int], query: Int) -> ModelRun {
        let text = textFunction()
        return ModelRun(
            info: loaded.model.info, displayName: loaded.displayName,
            tokens: ids.map { TokenEntry(id: $0, text: text($0)) }, queryPosition: query,
            lens: [], attentionValues: [], tokenText: text)
    }

    /// Residual rows per lens product: fewer rows waste the unembedding read (it is 100+ MB for a
    /// 50k vocabulary), so layers are lensed in batches of at least this many rows.
    static let lensBatchRows = 96

    /// Runs the forward pass, appending each layer's lens and attention to `run` and calling `onLayer`
    /// once per layer, in order.
    ///
    /// The embedding (layer 0) is lensed on its own so the first update comes at once; later layers go in
    /// batches (one product for several layers when the prompt is short), so a layer's update may wait
    /// for the next few blocks; at 8 tokens that is 12 layers of a 30-layer model.
    /// - Throws: `TransformerError.cancelled` when `isCancelled` turns true between blocks.
    func run(
        _ run: inout ModelRun, ids: [Int], isCancelled: () -> Bool, onLayer: (ModelRun) -> Void
    ) throws {
        var failure: Error?
        var current = run
        var pending: [BlockCapture] = []
        let lastLayer = loaded.model.info.layers
        let batchLayers = max(1, Self.lensBatchRows / max(1, ids.count))
        func flush() throws {
            guard !pending.isEmpty else { return }
            let lenses = try layerLenses(pending.map(\.residPost), layers: pending.map(\.layer), run: current)
            for (capture, lens) in zip(pending, lenses) {
                current.lens.append(lens)
                if let attention = capture.attention { current.attentionValues.append(contentsOf: attention.buffer) }
                onLayer(current)
            }
            pending.removeAll()
        }
        current.residuals = ResidualCapture(tokens: ids.count, width: loaded.model.info.width)
        _ = try loaded.model.forward(
            ids: ids,
            onBlock: { capture in
                guard failure == nil else { return }
                current.residuals?.append(post: capture.residPost.values, mid: capture.residMid?.values)
                pending.append(capture)
                // Layer 0 goes out alone, so the first chart appears at once; then batches.
                guard capture.layer == 0 || pending.count >= batchLayers || capture.layer == lastLayer else { return }
                do { try flush() } catch { failure = error }
            },
            isCancelled: { failure != nil || isCancelled() })
        if let failure { throw failure }
        run = current
    }

    /// The lens of several layers at every position: one product of `[n·T, D]` rows with the unembedding.
    func layerLenses(_ resids: [Tensor], layers: [Int], run: ModelRun) throws -> [LayerLens] {
        let d = loaded.model.info.width
        let t = run.tokens.count
        var rows: [Float] = []
        rows.reserveCapacity(resids.count * t * d)
        for r in resids { rows.append(contentsOf: r.buffer) }
        let logits = try loaded.model.lens(rows: Tensor(shape: [resids.count * t, d], values: rows))  // [n·T, V]
        return try layers.enumerated().map { i, layer in
            try layerLens(logits, firstRow: i * t, layer: layer, run: run)
        }
    }

    /// Reads one layer's lens out of its `T` rows of raw logits (starting at `firstRow`).
    ///
    /// Top-k is taken on the logits (the order is the same as the log-probs') and shifted by the row's
    /// log-sum-exp; only the query position's row becomes a full log-prob array.
    func layerLens(_ logits: Tensor, firstRow: Int, layer: Int, run: ModelRun) throws -> LayerLens {
        let vocab = logits.shape.last ?? 0
        let tokens = run.tokens.count
        guard let base = logits.buffer.baseAddress, vocab > 0 else { throw AnalysisError.emptyDistribution }
        var top: [[LensEntry]] = []
        top.reserveCapacity(tokens)
        var queryRow: [Float] = []
        var nextLogprobs: [Float] = []
        for t in 0..<tokens {
            let row = base + (firstRow + t) * vocab
            let (maxValue, lse) = logSumExp(row, count: vocab)
            guard maxValue.isFinite else { throw AnalysisError.nonFiniteDistribution(count: vocab) }
            top.append(TopKSelection.select(UnsafeBufferPointer(start: row, count: vocab), k: topK).map {
                let logprob = $0.value - lse
                return LensEntry(id: $0.index, text: run.tokenText($0.index), logprob: logprob, prob: expf(logprob))
            })
            if t + 1 < tokens {
                let next = run.tokens[t + 1].id
                nextLogprobs.append(next >= 0 && next < vocab ? row[next] - lse : -.infinity)
            }
            if t == run.queryPosition {
                queryRow = [Float](unsafeUninitializedCapacity: vocab) { buffer, count in
                    for v in 0..<vocab { buffer[v] = row[v] - lse }
                    count = vocab
                }
            }
        }
        return LayerLens(layer: layer, top: top, queryLogprobs: queryRow, nextTokenLogprobs: nextLogprobs)
    }
}
