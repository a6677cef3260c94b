import Analysis
import Charts

/// The per-head view: a layer × head grid of small attention patterns `[T, T]`.
///
/// Legend: L layers, H heads, T tokens.
struct HeadGrid {
    let stack: AttentionStack?
    /// L and H of the model (the grid keeps its shape while layers stream in).
    let layerCount: Int
    let headCount: Int
    let tokenCount: Int
    /// Heads outlined (a cluster chosen in the clustering plugin).
    let highlighted: Set<HeadID>

    /// Draws the grid into `rect`; returns each drawn head's panel.
    func draw(on canvas: Canvas, in rect: Rect, theme: Theme) -> [HeadID: Rect] {
        let style = theme.tickStyle
        let rowLabelWidth = canvas.measure("L\(layerCount)", style: style).width + 8
        let top = canvas.lineHeight(style) + 6
        let barWidth = ColorBar(map: theme.sequential, range: 0...1, title: "attention").width(
            on: canvas, theme: theme)
        // The colour bar's end labels overhang the grid by half a line: keep that inside `rect`.
        let grid = rect.inset(
            top: top, left: rowLabelWidth, bottom: canvas.lineHeight(style) / 2 + 4, right: barWidth + 16)
        guard layerCount > 0, headCount > 0, grid.width > 2, grid.height > 2 else { return [:] }
        let pw = grid.width / Double(headCount), ph = grid.height / Double(layerCount)
        let gap = min(pw, ph) > 12 ? 2.0 : 0.5
        var panels: [HeadID: Rect] = [:]
        let rowStep = max(1, Int((canvas.lineHeight(style) + 2) / max(ph, 0.01)) + 1)
        for l in 0..<layerCount {
            // Layer 1 at the bottom, as in the heatmap.
            let y = grid.maxY - Double(l + 1) * ph
            if l % rowStep == 0 || l == layerCount - 1 {
                canvas.text(
                    "L\(l + 1)", at: Point(x: grid.x - 6, y: y + ph / 2), style: style, align: .trailing,
                    valign: .middle, maxWidth: rowLabelWidth)
            }
            for h in 0..<headCount {
                let panel = Rect(
                    x: grid.x + Double(h) * pw + gap / 2, y: y + gap / 2, width: pw - gap, height: ph - gap)
                let id = HeadID(layer: l, head: h)
                drawPanel(l, h, in: panel, canvas: canvas, theme: theme)
                panels[id] = panel
            }
        }
        let colStep = max(
            1, Int((canvas.measure("H\(headCount)", style: style).width + 6) / max(pw, 0.01)) + 1)
        for h in stride(from: 0, to: headCount, by: colStep) {
            canvas.text(
                "H\(h + 1)", at: Point(x: grid.x + (Double(h) + 0.5) * pw, y: grid.y - 4), style: style,
                align: .center, valign: .bottom, maxWidth: max(pw * Double(colStep), 1))
        }
        for (id, panel) in panels where highlighted.contains(id) {
            // Inside the panel, so neighbouring outlines never touch another head's panel.
            canvas.stroke(
                panel.inset(top: 1.25, left: 1.25, bottom: 1.25, right: 1.25), color: theme.highlight,
                width: 2.5)
        }
        ColorBar(map: theme.sequential, range: 0...1, title: "attention").draw(
            on: canvas, in: Rect(x: grid.maxX + 16, y: grid.y, width: barWidth, height: grid.height),
            theme: theme)
        return panels
    }

    private func drawPanel(_ l: Int, _ h: Int, in panel: Rect, canvas: Canvas, theme: Theme) {
        guard let stack, l < stack.layerCount, tokenCount > 0 else {
            canvas.fill(panel, color: theme.grid)
            return
        }
        let cw = panel.width / Double(tokenCount), ch = panel.height / Double(tokenCount)
        let low = theme.sequential.color(at: 0)
        canvas.fill(panel, color: low)
        canvas.withSavedState {
            canvas.setAntialias(false)
            for q in 0..<tokenCount {
                let row = stack.row(layer: l, head: h, query: q)
                for k in 0...q where row[k] > 0.004 {
                    let cell = Rect(
                        x: panel.x + Double(k) * cw, y: panel.y + Double(q) * ch, width: cw, height: ch)
                    canvas.fill(cell, color: theme.sequential.color(at: Double(row[k])))
                }
            }
        }
    }
}
