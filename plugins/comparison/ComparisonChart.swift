import Analysis
import Charts

/// The chart part of the comparison: both models' top-1 probability against depth, the top-1 token
/// written where it changes, the selection as a band, and an agreement strip under the plot.
struct ComparisonChart {
    let primary: ModelRun
    let comparison: ComparisonRunResult
    let selection: ComparisonSelection?

    /// The colours of model A and model B.
    static func colors(_ theme: Theme) -> (Color, Color) { (theme.seriesColor(0), theme.seriesColor(1)) }

    /// Top-1 (text, probability) at the query position per layer.
    static func top1(_ run: ModelRun) -> [(String, Double)] {
        run.lens.map { layer in
            let e = run.queryPosition < layer.top.count ? layer.top[run.queryPosition].first : nil
            return (e?.text ?? "", Double(e?.prob ?? .nan))
        }
    }

    func draw(on canvas: Canvas, in rect: Rect, theme: Theme) -> (frame: ChartFrame, strip: Rect) {
        let (colorA, colorB) = Self.colors(theme)
        let a = Self.top1(primary), b = Self.top1(comparison.run)
        let depthsA = a.indices.map { Double($0) / Double(max(primary.info.layers, 1)) }
        let depthsB = b.indices.map { Double($0) / Double(max(comparison.run.info.layers, 1)) }
        let stripH = 16.0
        let chartRect = rect.inset(bottom: stripH + 18)
        var chart = LineChart(
            series: [
                LineSeries(name: "A: \(primary.displayName)", xs: depthsA, ys: a.map(\.1), color: colorA),
                LineSeries(
                    name: "B: \(comparison.run.displayName)", xs: depthsB, ys: b.map(\.1), color: colorB,
                    marker: .square, dashed: true),
            ], xTitle: "depth l / L", yTitle: "top-1 probability")
        chart.xDomain = 0...1
        chart.yDomain = 0...1.12
        chart.legend = .top
        if let s = selection { chart.selection = SelectionBand(x: s.depthFrom...s.depthTo) }
        let frame = chart.draw(on: canvas, in: chartRect, theme: theme)
        var placed: [Rect] = []
        annotate(
            a, depths: depthsA, color: colorA, above: true, frame: frame, placed: &placed, canvas: canvas,
            theme: theme)
        annotate(
            b, depths: depthsB, color: colorB, above: false, frame: frame, placed: &placed, canvas: canvas,
            theme: theme)
        let strip = Rect(x: frame.plot.x, y: chartRect.maxY + 4, width: frame.plot.width, height: stripH)
        drawAgreement(frame: frame, strip: strip, canvas: canvas, theme: theme)
        return (frame, strip)
    }

    /// Writes the top-1 token where it changes from the previous layer (and at the ends), skipping
    /// labels that would overlap one already placed.
    private func annotate(
        _ top: [(String, Double)], depths: [Double], color: Color, above: Bool, frame: ChartFrame,
        placed: inout [Rect], canvas: Canvas, theme: Theme
    ) {
        let style = TextStyle(size: theme.fontSize - 0.5, bold: true, color: color)
        for i in top.indices where top[i].1.isFinite {
            let changed = i == 0 || top[i].0 != top[i - 1].0 || i == top.count - 1
            guard changed else { continue }
            let text = TokenLabel.display(top[i].0, maxCharacters: 10)
            let s = canvas.measure(text, style: style, maxWidth: 90)
            let p = Point(x: frame.x(depths[i]), y: frame.y(top[i].1))
            var box = Rect(
                x: p.x - s.width / 2, y: above ? p.y - 8 - s.height : p.y + 8, width: s.width,
                height: s.height)
            box.x = min(max(box.x, frame.plot.x), frame.plot.maxX - box.width)
            if box.y < frame.plot.y { box.y = p.y + 8 }
            if box.maxY > frame.plot.maxY { box.y = p.y - 8 - s.height }
            guard box.y >= frame.plot.y, box.maxY <= frame.plot.maxY,
                !placed.contains(where: { $0.intersects(box) })
            else { continue }
            placed.append(box)
            canvas.fill(
                box.inset(top: -1, left: -2, bottom: -1, right: -2), color: theme.background.withAlpha(0.8))
            canvas.text(text, at: Point(x: box.x, y: box.y), style: style, maxWidth: 90)
        }
    }

    /// One cell per depth of model A: filled where both models' top-1 agree, hollow where not.
    private func drawAgreement(frame: ChartFrame, strip: Rect, canvas: Canvas, theme: Theme) {
        let layers = comparison.layers
        guard !layers.isEmpty else { return }
        let agreeColor = theme.seriesColor(2)
        // Cells at most 14 wide, centred on their depth (the end cells overhang the plot by half a
        // cell rather than being pushed onto their neighbours).
        let w = min(strip.width / Double(max(layers.count - 1, 1)) * 0.8, 14)
        for m in layers {
            let x = frame.x(m.depthA) - w / 2
            let cell = Rect(x: x, y: strip.y, width: w, height: strip.height)
            if m.agree {
                canvas.fill(cell, color: agreeColor)
            } else {
                canvas.stroke(cell.inset(top: 2, left: 1, bottom: 2, right: 1), color: theme.axis, width: 1)
            }
        }
        let style = theme.tickStyle
        // The depth-0 cell reaches w·0.4 left of the strip: the label ends before it when there is room.
        let labelStyle = TextStyle(size: style.size, bold: true, color: agreeColor)
        let labelWidth = canvas.measure("agree", style: labelStyle).width
        let labelEnd = max(strip.x - w / 2 - 6, min(strip.x - 6, labelWidth + 1))
        canvas.text(
            "agree", at: Point(x: labelEnd, y: strip.midY), style: labelStyle,
            align: .trailing, valign: .middle, maxWidth: max(labelEnd, 1))
    }
}
