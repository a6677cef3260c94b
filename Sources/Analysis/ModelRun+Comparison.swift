extension ModelRun {
    /// What `ModelComparison` needs of this run: top-1 per (layer, position), the query log-probs and
    /// the query row of the mean-over-heads attention.
    /// - Throws: `AnalysisError.tooFewLayers` before the first block is done.
    public func comparisonInput() throws -> ComparisonInput {
        guard let stack = attentionStack() else {
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
            queryAttention: try AttentionAggregator.heatmap(stack, query: queryPosition, aggregation: .meanOverHeads),
            queryPosition: queryPosition)
    }
}
