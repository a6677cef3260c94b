extension ModelRun {
    /// What `ModelComparison` needs of this run: top-1 per (layer, position), the query log-probs and
    /// the query row of the mean-over-heads attention.
    /// Positions whose top-k was not read out get top-1 id −1 (a selection summary reads only its own).
    /// - Throws: `AnalysisError.tooFewLayers` before the first block is done.
    public func comparisonInput() throws -> ComparisonInput {
        guard let attention, blocksDone > 0 else {
            throw AnalysisError.tooFewLayers(found: lens.count, needed: 2)
        }
        let top1 = lens.map { layer in
            layer.top.map { entries in
                entries.first.map { LensTop1(id: $0.id, prob: $0.prob, text: $0.text) }
                    ?? LensTop1(id: -1, prob: 0, text: "")
            }
        }
        return try ComparisonInput(
            name: displayName, top1: top1, queryLogprobs: queryLens,
            queryAttention: try CapturedAttention.heatmap(
                attention, layers: blocksDone, query: queryPosition, aggregation: .meanOverHeads),
            queryPosition: queryPosition)
    }
}
