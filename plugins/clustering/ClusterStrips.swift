import Analysis
import Charts

/// Each cluster's mean attention pattern as one row of a heatmap, with the cluster's colour swatch.
///
/// Legend: k clusters, F features per head (T for the query row, T·T for the whole pattern).
struct ClusterStrips {
    let clustering: HeadClusteringResult
    /// Token labels when F = T (the query-row features); otherwise no column labels.
    let tokens: [String]
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
            columnLabels: f == tokens.count ? tokens : [], title: "Mean attention pattern per cluster")
        chart.columnTitle = f == tokens.count ? "key token (query row)" : "pattern entries (query × key)"
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
}
