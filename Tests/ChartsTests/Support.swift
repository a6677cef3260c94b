@testable import Charts
import Foundation
import TestScratch

/// A fresh empty folder under the system temp directory.
func makeTempDir() throws -> String {
    try TestScratch.folder("charts").path
}

func filesIn(_ dir: String) -> [String] {
    (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
}

/// Sample data that looks like a real run: 30 layers × 12 tokens.
enum Samples {
    static let tokens = [
        "The", "␣world", "␣is", "␣full", "␣of", "␣amazing", "↵", "\\xE2", "␣things", ",",
        "␣and", "␣creatures",
    ]

    static func logitLens(rows: Int = 30, columns: Int = 12) -> [Double] {
        (0..<rows).flatMap { l in
            (0..<columns).map { t in
                let depth = Double(l) / Double(max(rows - 1, 1))
                return min(1, max(0, pow(depth, 2.2) * (0.4 + 0.6 * sin(Double(t) * 0.9 + 1).magnitude)))
            }
        }
    }

    static func lineChart() -> LineChart {
        let layers = (0..<30).map(Double.init)
        let names = ["␣things", "␣creatures", "␣people", "␣wonders"]
        let series = names.enumerated().map { i, n in
            LineSeries(
                name: n, xs: layers,
                ys: layers.map { l in
                    let p = 1 / (1 + exp(-(l - 18 - Double(i) * 2) / 2.5)) * (0.25 - Double(i) * 0.05)
                    return max(p, 1e-6 * Double(i + 1))
                }, marker: [.circle, .square, .triangle, .diamond][i])
        }
        var chart = LineChart(
            series: series, title: "Probability of the next token per layer",
            xTitle: "layer", yTitle: "probability")
        chart.yScale = .log10
        chart.highlightedSeries = 0
        chart.cursorX = 22
        chart.selection = SelectionBand(x: 10...16)
        return chart
    }

    static func heatmap() -> HeatmapChart {
        var h = HeatmapChart(
            values: logitLens(), rows: 30, columns: 12,
            rowLabels: (0..<30).map(String.init), columnLabels: tokens,
            title: "Logit lens: p(final token)")
        h.rowTitle = "layer"
        h.columnTitle = "token position"
        h.colorBarTitle = "probability"
        h.firstRowAtBottom = true
        h.highlightedCell = (row: 22, column: 5)
        return h
    }

    static func scatter() -> ScatterChart {
        var pts: [ScatterPoint] = []
        let centers = [(1.0, 2.0), (4.0, 5.0), (6.5, 1.5), (3.0, -1.0)]
        for h in 0..<36 {
            let c = h % 4, (cx, cy) = centers[c]
            let a = Double(h) * 2.4
            pts.append(
                ScatterPoint(
                    x: cx + cos(a) * 0.8, y: cy + sin(a) * 0.7, category: c,
                    label: "L\(h / 9 + 2)H\(h % 9)"))
        }
        var s = ScatterChart(
            points: pts, categoryNames: ["cluster 1", "cluster 2", "cluster 3", "cluster 4"],
            title: "Attention heads (UMAP)", xTitle: "UMAP 1", yTitle: "UMAP 2")
        s.highlighted = [5]
        return s
    }

    static func bars() -> BarChart {
        let values = (0..<30).map { l -> Double in
            let x = Double(l)
            return 2.5 * sin(x / 5) - 0.8 + x * 0.06
        }
        var b = BarChart(
            labels: (0..<30).map(String.init), values: values,
            title: "Contrast: logp(␣things) − logp(␣people)", xTitle: "layer",
            yTitle: "Δ log-probability")
        b.highlightedIndex = 22
        b.selection = 10...14
        return b
    }
}
