import Analysis
import Charts
import PluginKit

/// Where the top-k table's cells are, for the hover readout.
struct TimelineTableLayout {
    var origin: Point
    var rowHeight: Double
    var columnWidth: Double
    var labelWidth: Double
    /// Layers shown, top to bottom.
    var layers: [Int]
    /// Per shown layer, its top-k entries (descending), at most `ranks`.
    var entries: [[LensEntry]]
    var ranks: Int

    func hover(at point: Point) -> HoverInfo? {
        let row = Int((point.y - origin.y - rowHeight) / rowHeight)
        let column = Int((point.x - origin.x - labelWidth) / columnWidth)
        guard point.x >= origin.x + labelWidth, point.y >= origin.y + rowHeight, entries.indices.contains(row),
            column >= 0, column < ranks, entries[row].indices.contains(column)
        else { return nil }
        let e = entries[row][column]
        return HoverInfo(
            lines: [
                "layer \(layers[row]) · rank \(column + 1)",
                "\(PluginChrome.quoted(e.text)) p = \(String(format: "%.3f", e.prob)) (id \(e.id))",
            ], at: point)
    }
}

/// The top-k table: one row per layer, one column per rank, each cell the token and its probability,
/// shaded by probability and coloured as the chart colours the token.
extension TimelinePlugin {
    func drawTable(_ snapshot: SessionSnapshot, canvas: Canvas, size: Size, theme: Theme) {
        PluginChrome.background(canvas, size: size, theme: theme)
        let run = snapshot.primary
        let q = run.queryPosition
        let k = run.lens.first?.top.first?.count ?? 0
        let style = theme.tickStyle
        let rowH = canvas.lineHeight(style) + 4
        let labelW = 64.0, columnW = 112.0
        let area = PluginChrome.header(
            "Top-k through the layers", subtitle: "position \(q) \(PluginChrome.quoted(run.tokens[q].text))"
                + " · each cell: token and probability · Ctrl+C copies the whole table",
            note: PluginChrome.progress(snapshot), canvas: canvas, size: size, theme: theme)
        guard !run.lens.isEmpty, k > 0 else {
            PluginChrome.message(
                "Waiting for the first layer", detail: "The lens of layer 0 (the embedding) comes first.",
                canvas: canvas, in: area, theme: theme)
            return
        }
        let inner = area.inset(left: PluginChrome.padding, right: PluginChrome.padding)
        let ranks = max(1, min(k, Int((inner.width - labelW) / columnW)))
        let fitting = max(1, Int((inner.height - rowH) / rowH))
        // Newest layers at the bottom; when they do not all fit, keep the last ones (the prediction).
        let layers = Array(run.lens.map(\.layer).suffix(fitting))
        let entries = layers.map { l in Array(run.lens[l].top[q].prefix(ranks)) }
        let bold = TextStyle(size: style.size, bold: true, color: theme.foreground)
        canvas.text("layer", at: Point(x: inner.x, y: inner.y + 2), style: bold, maxWidth: labelW)
        for r in 0..<ranks {
            canvas.text(
                "rank \(r + 1)", at: Point(x: inner.x + labelW + Double(r) * columnW + 4, y: inner.y + 2),
                style: bold, maxWidth: columnW - 6)
        }
        for (row, layer) in layers.enumerated() {
            let y = inner.y + rowH * Double(row + 1)
            canvas.text("\(layer)", at: Point(x: inner.x, y: y + 2), style: style, maxWidth: labelW)
            for (r, e) in entries[row].enumerated() {
                let x = inner.x + labelW + Double(r) * columnW
                let cell = Rect(x: x, y: y, width: columnW - 2, height: rowH - 1)
                canvas.fill(cell, color: theme.accent.withAlpha(0.08 + 0.5 * Double(e.prob)))
                let text = "\(TokenLabel.display(e.text, maxCharacters: 10)) \(String(format: "%.2f", e.prob))"
                let color = color(ofToken: e.id, theme: theme)
                canvas.text(
                    text, at: Point(x: x + 4, y: y + 2), style: TextStyle(size: style.size, color: color),
                    maxWidth: columnW - 8)
            }
        }
        lastTable = TimelineTableLayout(
            origin: Point(x: inner.x, y: inner.y), rowHeight: rowH, columnWidth: columnW, labelWidth: labelW,
            layers: layers, entries: entries, ranks: ranks)
    }
}
