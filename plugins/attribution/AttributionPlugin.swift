import Analysis
import Charts
import Foundation
import PluginKit

/// A head picked in the layer × head heatmap (1-based block, 0-based head).
public struct AttributionHead: Sendable, Equatable {
    public let layer: Int
    public let head: Int
    public init(layer: Int, head: Int) {
        self.layer = layer
        self.head = head
    }
}

/// Direct logit attribution at the query position: paired bars per block (attention, MLP) and a
/// layer × head heatmap, with the embedding, the constant term and the total in the subtitle.
public final class AttributionPlugin: SnapshotPlugin {
    public var info: PluginInfo { AttributionPluginInfo.info }
    /// Where the last draw put the head heatmap (tests, hit-testing).
    public private(set) var lastHeadLayout: HeatmapLayout?
    public private(set) var lastBarFrame: ChartFrame?

    public let state = PluginState()

    public init() {}

    public func didDeactivate() {
        lastHeadLayout = nil
        lastBarFrame = nil
    }

    /// The head under `point` in the heatmap: the Heatmap plugin shows that head's pattern on a click.
    public func click(at point: Point, size: Size) -> AttributionHead? {
        guard let layout = lastHeadLayout, let c = layout.cell(at: point) else { return nil }
        return AttributionHead(layer: c.row + 1, head: c.column)
    }

    /// A head's or a block's parts as text.
    public func hover(at point: Point, size: Size) -> HoverInfo? {
        guard let a = snapshot?.attribution else { return nil }
        if let head = click(at: point, size: size), head.layer <= a.layers.count,
            head.head < a.layers[head.layer - 1].heads.count
        {
            let layer = a.layers[head.layer - 1]
            return HoverInfo(
                lines: [
                    "block \(head.layer), head \(head.head + 1): \(format(layer.heads[head.head]))",
                    "block attention \(format(layer.attention)) (heads + bias \(format(layer.attentionBias ?? 0)))",
                    "click: its attention pattern in the Heatmap",
                ], at: point, head: HeadID(layer: head.layer - 1, head: head.head))
        }
        if let frame = lastBarFrame, frame.plot.contains(x: point.x, y: point.y) {
            let i = Int(frame.x.invert(point.x).rounded())
            let block = i / 2 + 1
            guard block >= 1, block <= a.layers.count else { return nil }
            let layer = a.layers[block - 1]
            return HoverInfo(
                lines: ["block \(block)", "attention \(format(layer.attention))", "MLP \(format(layer.mlp))"], at: point)
        }
        return nil
    }

    func format(_ v: Float) -> String { String(format: "%+.3f", v) }

    public func draw(_ canvas: Canvas, size: Size) throws {
        let theme = PluginChrome.theme(host)
        lastHeadLayout = nil
        lastBarFrame = nil
        guard let snapshot else {
            PluginChrome.drawEmpty("Attribution", canvas: canvas, size: size, theme: theme)
            return
        }
        PluginChrome.background(canvas, size: size, theme: theme)
        guard let a = snapshot.attribution else {
            let area = PluginChrome.header(
                "Direct logit attribution", note: PluginChrome.progress(snapshot), canvas: canvas, size: size,
                theme: theme)
            let (head, detail) = snapshot.attributionError.map { ("Attribution is not available", $0.description) }
                ?? ("Waiting for the run to finish", "Attribution reads the whole residual stream at the query position.")
            PluginChrome.message(head, detail: detail, canvas: canvas, in: area, theme: theme)
            return
        }
        let target = a.baseline.map {
            "logit(\(PluginChrome.quoted(a.target.text))) − logit(\(PluginChrome.quoted($0.text)))"
        } ?? "logit of \(PluginChrome.quoted(a.target.text))"
        var parts = "total \(format(a.total)) = embedding \(format(a.embed))"
        if let c = a.constant { parts += " + norm bias \(format(c))" }
        parts += " + blocks"
        let area = PluginChrome.header(
            "What each block and head adds to the \(target)",
            subtitle: "position \(a.position) · \(parts)", canvas: canvas, size: size, theme: theme)
        let split = area.width > 640
        let bars = split
            ? Rect(x: area.x, y: area.y, width: area.width * 0.55, height: area.height)
            : Rect(x: area.x, y: area.y, width: area.width, height: area.height * 0.5)
        let heads = split
            ? Rect(x: bars.maxX, y: area.y, width: area.width - bars.width, height: area.height)
            : Rect(x: area.x, y: bars.maxY, width: area.width, height: area.height - bars.height)
        drawBars(a, in: bars, canvas: canvas, theme: theme)
        drawHeads(a, in: heads, canvas: canvas, theme: theme)
    }

    /// Two bars per block: attention (left, series colour 1) then MLP (right, series colour 2).
    private func drawBars(_ a: AttributionResult, in rect: Rect, canvas: Canvas, theme: Theme) {
        var values: [Double] = []
        var labels: [String] = []
        for layer in a.layers {
            values += [Double(layer.attention), Double(layer.mlp)]
            let named = a.layers.count <= 12 || layer.layer % 5 == 0 || layer.layer == 1 || layer.layer == a.layers.count
            labels += [named ? "\(layer.layer)" : "", ""]
        }
        var chart = BarChart(labels: labels, values: values, xTitle: "block: attention | MLP", yTitle: "logit")
        let attnColor = theme.series.first ?? theme.accent
        let mlpColor = theme.series.count > 1 ? theme.series[1] : theme.highlight
        chart.positiveColor = attnColor
        chart.negativeColor = attnColor
        let frame = chart.draw(on: canvas, in: rect.inset(left: PluginChrome.padding, right: 6), theme: theme)
        lastBarFrame = frame
        // Repaint the MLP bars in their own colour (every second category).
        let zero = frame.y(0)
        let band = values.count > 1 ? abs(frame.x(1) - frame.x(0)) : frame.plot.width
        for (i, v) in values.enumerated() where i % 2 == 1 && v.isFinite {
            let y = frame.y(v)
            let w = band * 0.7
            canvas.fill(
                Rect(x: frame.x(Double(i)) - w / 2, y: min(y, zero), width: w, height: abs(zero - y)),
                color: mlpColor)
        }
        let legendStyle = TextStyle(size: theme.fontSize, color: theme.foreground)
        let x = frame.plot.x + 8
        let y = frame.plot.y + 4
        canvas.fill(Rect(x: x, y: y + 2, width: 10, height: 10), color: attnColor)
        let w = canvas.text("attention", at: Point(x: x + 14, y: y), style: legendStyle).width
        canvas.fill(Rect(x: x + 24 + w, y: y + 2, width: 10, height: 10), color: mlpColor)
        canvas.text("MLP", at: Point(x: x + 38 + w, y: y), style: legendStyle)
    }

    /// Blocks × heads, diverging around zero.
    private func drawHeads(_ a: AttributionResult, in rect: Rect, canvas: Canvas, theme: Theme) {
        let heads = a.layers.first?.heads.count ?? 0
        guard heads > 0 else { return }
        let values = a.layers.flatMap { $0.heads.map(Double.init) }
        let top = values.filter(\.isFinite).map(abs).max() ?? 1
        var chart = HeatmapChart(
            values: values, rows: a.layers.count, columns: heads,
            rowLabels: a.layers.map { "\($0.layer)" }, columnLabels: (1...heads).map { "\($0)" })
        chart.firstRowAtBottom = true
        chart.colorMap = theme.diverging
        chart.valueRange = -max(top, 1e-6)...max(top, 1e-6)
        chart.rowTitle = "block"
        chart.columnTitle = "head (click: its pattern)"
        chart.colorBarTitle = "logit"
        if !a.layers.allSatisfy(\.headsAdditive) { chart.title = "heads (norm after attention: not additive)" }
        lastHeadLayout = chart.draw(on: canvas, in: rect.inset(right: PluginChrome.padding), theme: theme)
    }
}
