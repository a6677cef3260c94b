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
    /// Whether the lens after attention (`resid_mid`) of the query position is read during the pass too,
    /// in the same products as the lens after each block (one read of the unembedding for both).
    var readsMidLens = false
    /// Whether the lens goes out during the pass (`onLayer` as blocks finish); otherwise all of it is
    /// read in one product after the last block, and `onLayer` is not called.
    var streams = true

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

    /// An empty run for the prompt's tokens, before any layer; each token carries the tokenizer's display
    /// entry (a character split over tokens shown on the token that completes it).
    func emptyRun(ids: [Int], query: Int) -> ModelRun {
        let text = textFunction()
        let display = loaded.tokenizer?.displayEntries(forIDs: ids)
        let tokens = ids.enumerated().map { index, id in
            guard let entry = display?[index] else { return TokenEntry(id: id, text: text(id)) }
            return TokenEntry(
                id: id, text: text(id), shown: entry.text, partial: entry.endsInsideCharacter, partOf: entry.partOf)
        }
        return ModelRun(
            info: loaded.model.info, displayName: loaded.displayName, tokens: tokens, queryPosition: query,
            tokenText: text)
    }

    /// Layers waiting for their lens are read out together once this much time passed since the last
    /// read-out (one product of a few rows instead of one unembedding read per layer)…
    static let lensInterval: TimeInterval = 0.1
    /// …and at least this many times the last read-out's own duration, so that reading the whole
    /// unembedding (113 MB for SmolLM2, 15–20 ms) stays about 3 % of a long prompt's forward pass (at
    /// 2,048 tokens an update every two or three blocks; at 10 it was one per block, 10 %).
    static let lensCostFactor: Double = 30

    /// Runs the forward pass, streaming the lens of the query position and the attention record into
    /// `run` and calling `onLayer` once per layer, in order; returns the kept run.
    ///
    /// The embedding (layer 0) is lensed on its own so the first update comes at once; later layers go
    /// together when `lensInterval` (and ten read-outs' time) passed (a short prompt's blocks all go in
    /// one product).
    /// - Throws: `TransformerError.cancelled` when `isCancelled` turns true between blocks.
    func run(
        _ run: inout ModelRun, ids: [Int], isCancelled: () -> Bool, onLayer: (ModelRun) -> Void
    ) throws -> CapturedRun {
        var failure: Error?
        var current = run
        var pending: [(layer: Int, row: [Float])] = []
        var queryRows: [[Float]] = []
        // resid_mid at the query, per block (a long prompt's run keeps no resid_mid: read it as it passes).
        var queryMids: [[Float]] = []
        // Their lens, `[L][V]`, when `readsMidLens`; `pendingMids` wait for the next product.
        var midLogprobs: [[Float]] = []
        var pendingMids: [[Float]] = []
        let lastLayer = loaded.model.info.layers
        let d = loaded.model.info.width
        let q = run.queryPosition
        var lastFlush = Date()
        var flushCost: TimeInterval = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            let started = Date()
            let rows = Tensor(shape: [pending.count + pendingMids.count, d], values: (pending.map(\.row) + pendingMids).flatMap { $0 })
            var logprobs = try CapturedRun.logprobRows(try loaded.model.lens(rows: rows))
            midLogprobs += logprobs[pending.count...]
            logprobs.removeLast(pendingMids.count)
            let tops = CapturedRun.topEntries(rows: logprobs, k: topK, text: current.tokenText)
            for ((item, row), top) in zip(zip(pending, logprobs), tops) {
                current.lens.append(layerLens(row, top: top, layer: item.layer, run: current))
                queryRows.append(row)
                if streams { onLayer(current) }
            }
            pending.removeAll()
            pendingMids.removeAll()
            lastFlush = Date()
            flushCost = lastFlush.timeIntervalSince(started)
        }
        let result = try loaded.model.forward(
            ids: ids,
            onBlock: { capture in
                guard failure == nil else { return }
                if let attention = capture.captured { current.attention = attention }
                pending.append((capture.layer, Array(capture.residPost.buffer[(q * d)..<((q + 1) * d)])))
                if let mid = capture.residMid {
                    queryMids.append(Array(mid.buffer[(q * d)..<((q + 1) * d)]))
                    if readsMidLens, let row = queryMids.last { pendingMids.append(row) }
                }
                // Layer 0 goes out alone, so the first chart appears at once; then by time.
                guard capture.layer == lastLayer
                    || streams && (capture.layer == 0
                        || Date().timeIntervalSince(lastFlush) >= max(Self.lensInterval, Self.lensCostFactor * flushCost))
                else { return }
                do { try flush() } catch { failure = error }
            },
            isCancelled: { failure != nil || isCancelled() })
        if let failure { throw failure }
        let captured = CapturedRun(
            loaded: loaded, tokens: current.tokens, forward: result, tokenText: current.tokenText)
        captured.store(position: q, rows: queryRows)
        captured.storeMid(position: q, rows: queryMids)
        if readsMidLens && midLogprobs.count == lastLayer { captured.storeMidLens(position: q, rows: midLogprobs) }
        current.captured = captured
        run = current
        return captured
    }

    /// One layer's lens with only the query position's top-k filled.
    func layerLens(_ logprobs: [Float], top queryTop: [LensEntry], layer: Int, run: ModelRun) -> LayerLens {
        var top = [[LensEntry]](repeating: [], count: run.tokens.count)
        top[run.queryPosition] = queryTop
        return LayerLens(layer: layer, top: top, queryLogprobs: logprobs)
    }
}
