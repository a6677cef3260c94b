import Analysis

/// A selection's summary, or why there is none.
enum SummaryOutcome {
    case summary(SelectionSummary)
    case failed(String)
}

/// The selection summary for whatever region is selected now (the window's drag or the request's).
enum ComparisonSummary {
    /// What `ModelComparison` needs of one run (query row of the mean-over-heads attention).
    static func input(_ run: ModelRun) throws -> ComparisonInput {
        guard let stack = run.attentionStack() else {
            throw AnalysisError.tooFewLayers(found: run.lens.count, needed: 2)
        }
        let top1 = run.lens.map { layer in
            layer.top.map { entries in
                entries.first.map { LensTop1(id: $0.id, prob: $0.prob, text: $0.text) }
                    ?? LensTop1(id: -1, prob: 0, text: "")
            }
        }
        return try ComparisonInput(
            name: run.displayName, top1: top1, queryLogprobs: run.queryLens,
            queryAttention: try AttentionAggregator.heatmap(
                stack, query: run.queryPosition, aggregation: .meanOverHeads),
            queryPosition: run.queryPosition)
    }

    /// Summary of `selection` over both runs; an error message when the selection does not fit them.
    static func summarize(
        primary: ModelRun, comparison: ComparisonRunResult, selection: ComparisonSelection
    ) -> SummaryOutcome {
        do {
            let a = try input(primary), b = try input(comparison.run)
            return .summary(
                try ModelComparison.summarize(
                    a, b, selection: selection, sameVocabulary: comparison.sameVocabulary))
        } catch {
            return .failed("\(error)")
        }
    }
}
