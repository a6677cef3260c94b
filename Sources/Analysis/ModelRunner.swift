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

    /// Runs the forward pass, appending each layer's lens and attention to `run` and calling `onLayer`.
    /// - Throws: `TransformerError.cancelled` when `isCancelled` turns true between blocks.
    func run(
        _ run: inout ModelRun, ids: [Int], isCancelled: () -> Bool, onLayer: (ModelRun) -> Void
    ) throws {
        var failure: Error?
        var current = run
        _ = try loaded.model.forward(
            ids: ids,
            onBlock: { capture in
                guard failure == nil else { return }
                do {
                    current.lens.append(try layerLens(capture.residPost, layer: capture.layer, run: current))
                    if let attention = capture.attention { current.attentionValues.append(contentsOf: attention.buffer) }
                    onLayer(current)
                } catch { failure = error }
            },
            isCancelled: { failure != nil || isCancelled() })
        if let failure { throw failure }
        run = current
    }

    /// The lens of one layer at every position: one product of `[T, D]` rows with the unembedding.
    func layerLens(_ resid: Tensor, layer: Int, run: ModelRun) throws -> LayerLens {
        let logits = try loaded.model.lens(rows: resid)  // [T, V]
        let vocab = logits.shape.last ?? 0
        let tokens = run.tokens.count
        var top: [[LensEntry]] = []
        top.reserveCapacity(tokens)
        var queryRow: [Float] = []
        for t in 0..<tokens {
            var row = Array(UnsafeBufferPointer(rebasing: logits.buffer[(t * vocab)..<((t + 1) * vocab)]))
            try logSoftmax(&row)
            top.append(try LensReadout.topK(row, k: topK).map {
                LensEntry(id: $0.id, text: run.tokenText($0.id), logprob: $0.logprob, prob: $0.prob)
            })
            if t == run.queryPosition { queryRow = row }
        }
        return LayerLens(layer: layer, top: top, queryLogprobs: queryRow)
    }
}
