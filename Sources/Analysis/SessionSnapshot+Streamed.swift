extension SessionSnapshot {
    /// Recomputes what is cheap after every layer, the heatmap and the contrast rows, from the layers done.
    /// A failure empties that view and is kept in `heatmapError` / `contrastError` for its pane to show.
    mutating func refreshStreamed(aggregation: AttentionAggregation) {
        let run = primary
        if let attention = run.attention, run.blocksDone > 0 {
            do {
                heatmap = try CapturedAttention.heatmap(
                    attention, layers: run.blocksDone, query: run.queryPosition, aggregation: aggregation)
                heatmapError = nil
            } catch {
                heatmap = []
                heatmapError = AnalysisError(wrapping: error)
            }
        }
        if let c = contrast {
            do {
                let rows = try Contrast.perLayer(lens: run.queryLens, tokenA: c.a.id, tokenB: c.b.id)
                contrast = ContrastResult(a: c.a, b: c.b, rows: rows)
                contrastError = nil
            } catch {
                contrast = ContrastResult(a: c.a, b: c.b, rows: [])
                contrastError = AnalysisError(wrapping: error)
            }
        }
    }
}
