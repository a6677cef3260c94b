import Analysis

/// A selection's summary, or why there is none.
enum SummaryOutcome {
    case summary(SelectionSummary)
    case failed(String)
}

/// The selection summary for whatever region is selected now (the window's drag or the request's).
enum ComparisonSummary {
    /// Summary of `selection` over both runs; an error message when the selection does not fit them.
    static func summarize(
        primary: ModelRun, comparison: ComparisonRunResult, selection: ComparisonSelection
    ) -> SummaryOutcome {
        do {
            return .summary(
                try ModelComparison.summarize(
                    comparison.primaryInput, comparison.comparisonInput, selection: selection,
                    sameVocabulary: comparison.sameVocabulary))
        } catch {
            return .failed("\(error)")
        }
    }
}
