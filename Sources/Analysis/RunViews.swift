/// Views of a kept run that every request recomputes: the lens read-out of the positions it asks for.
///
/// Legend: L layers, T tokens, V vocabulary, k top-k.
enum RunViews {
    /// The run as the snapshot shows it: log-probs `[L+1][V]` at `query`, top-k there and at `positions`
    /// (each position's lens computed once per run and cached), and the attention record.
    static func modelRun(_ captured: CapturedRun, query: Int, topK: Int, positions: [Int]) throws -> ModelRun
    {
        var run = ModelRun(
            info: captured.info, displayName: captured.displayName, tokens: captured.tokens,
            queryPosition: query,
            tokenText: captured.tokenText)
        let logprobs = try captured.logprobs(at: query)
        var tops = [Int: [[LensEntry]]]()
        // Many positions (a comparison selection over every token): a few per lens product.
        if positions.count > 1 { try captured.readTops(at: positions, k: topK) }
        for p in Set(positions + [query]) { tops[p] = try captured.top(at: p, k: topK) }
        run.lens = logprobs.indices.map { layer in
            var top = [[LensEntry]](repeating: [], count: captured.tokenCount)
            for (p, layers) in tops { top[p] = layers[layer] }
            return LayerLens(layer: layer, top: top, queryLogprobs: logprobs[layer])
        }
        run.attention = captured.forward.attention
        run.captured = captured
        return run
    }
}
