import Analysis
import Charts

/// Each cluster's mean attention pattern as one row of a heatmap, with the cluster's colour swatch.
///
/// Legend: k clusters, F features per head (T for the query row, T·T for the whole pattern).
struct ClusterStrips {
    let clustering: HeadClusteringResult
    /// The prompt's token labels `[T]`.
    let tokens: [String]
    /// Whether a head's features are its attention row at the query (F = q + 1 keys) rather than its
    /// whole causal pattern (F = T(T+1)/2 entries, query by query).
    let queryRow: Bool
    let selected: Int?

    @discardableResult
    func draw(on canvas: Canvas, in rect: Rect, theme: Theme) -> HeatmapLayout {
        let k = clustering.clusters.count
        let f = clustering.features.dimension
        var values: [Double] = []
        for c in clustering.clusters {
            values += (0..<f).map { $0 < c.meanPattern.count ? Double(c.meanPattern[$0]) : .nan }
        }
        let rowLabels = clustering.clusters.enumerated().map { i, c in
            "C\(i + 1) · \(c.heads.count) head\(c.heads.count == 1 ? "" : "s")"
        }
        var chart = HeatmapChart(
            values: values, rows: k, columns: f, rowLabels: rowLabels,
            columnLabels: Self.columnLabels(tokens: tokens, queryRow: queryRow, count: f),
            title: "Mean attention pattern per cluster")
        chart.columnTitle =
            queryRow ? "key token (the query's attention row)" : "query → key (lower triangle, row by row)"
        chart.colorBarTitle = "attention"
        chart.valueRange = 0...max(values.filter(\.isFinite).max() ?? 1, 1e-6)
        chart.highlightedRow = selected
        let layout = chart.layout(on: canvas, in: rect.inset(left: 16), theme: theme)
        let drawn = chart.draw(on: canvas, in: rect.inset(left: 16), theme: theme)
        // A swatch in the cluster's scatter colour before each row label.
        for r in 0..<k {
            let cell = layout.rect(row: r, column: 0)
            let side = min(10, max(cell.height - 2, 2))
            let x = rect.x + 4
            canvas.fill(
                Rect(x: x, y: cell.midY - side / 2, width: side, height: side), color: theme.seriesColor(r))
        }
        return drawn
    }

    /// Key tokens for the query row; "q→k" position pairs for the whole pattern.
    static func columnLabels(tokens: [String], queryRow: Bool, count: Int) -> [String] {
        if queryRow { return (0..<count).map { $0 < tokens.count ? tokens[$0] : "\($0)" } }
        var labels: [String] = []
        var q = 0
        while labels.count < count {
            for k in 0...q where labels.count < count { labels.append("\(q)→\(k)") }
            q += 1
        }
        return labels
    }
}
