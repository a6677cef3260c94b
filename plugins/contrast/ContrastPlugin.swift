import Analysis
import Charts
import Foundation
import PluginKit

/// log p(A) − log p(B) per layer as bars around zero, coloured by which candidate leads, with both
/// candidates' ranks beneath and the tokens exactly as the model's tokenizer split them.
public final class ContrastPlugin: SnapshotPlugin {
    public var info: PluginInfo { ContrastPluginInfo.info }
    /// Where the last draw put the bars (layer l at x = l).
    public private(set) var lastFrame: ChartFrame?

    public let state = PluginState()

    public init() {}

    /// Colour of bars where A leads (positive) and where B leads (negative).
    static func colors(_ theme: Theme) -> (a: Color, b: Color) {
        (theme.seriesColor(0), theme.seriesColor(1))
    }

    public func draw(_ canvas: Canvas, size: Size) throws {
        let theme = PluginChrome.theme(host)
        lastFrame = nil
        guard let snapshot else {
            PluginChrome.drawEmpty("Contrast", canvas: canvas, size: size, theme: theme)
            return
        }
        PluginChrome.background(canvas, size: size, theme: theme)
        let note = PluginChrome.progress(snapshot)
        guard let contrast = snapshot.contrast else {
            let area = PluginChrome.header("Contrast", note: note, canvas: canvas, size: size, theme: theme)
            PluginChrome.message(
                "No candidates to contrast",
                detail: "Enter two candidate continuations (for example “things” and “people”) "
                    + "to see which one each layer prefers.",
                canvas: canvas, in: area, theme: theme)
            return
        }
        // A word of several tokens is scored by its first token: the title names that token.
        let tokenText = snapshot.primary.tokenText
        let a = PluginChrome.quoted(contrast.a.split ? tokenText(contrast.a.id) : contrast.a.encodedForm)
        let b = PluginChrome.quoted(contrast.b.split ? tokenText(contrast.b.id) : contrast.b.encodedForm)
        let title = "log p(\(a)) − log p(\(b)) per layer"
        let area = PluginChrome.header(
            title, subtitle: subtitle(contrast), note: note, canvas: canvas, size: size, theme: theme)
        if let error = snapshot.contrastError {
            PluginChrome.message(
                "The contrast could not be computed", detail: error.description, canvas: canvas, in: area,
                theme: theme)
            return
        }
        guard !contrast.rows.isEmpty else {
            PluginChrome.message(
                "Waiting for the first layer", detail: "Bars appear layer by layer as the model runs.",
                canvas: canvas, in: area, theme: theme)
            return
        }
        let layers = snapshot.primary.info.layers
        var values = [Double](repeating: .nan, count: layers + 1)
        for row in contrast.rows where row.layer <= layers { values[row.layer] = row.logprobDiff }
        let (colorA, colorB) = Self.colors(theme)
        let style = theme.tickStyle
        let rowH = canvas.lineHeight(style) + 3
        let legendH = rowH + 4
        let chartRect = area.inset(bottom: rowH * 2 + legendH + 6)
        var chart = BarChart(
            labels: (0...layers).map { "\($0)" }, values: values, xTitle: "layer (0 = embedding)",
            yTitle: "log p(A) − log p(B) (nats)")
        chart.positiveColor = colorA
        chart.negativeColor = colorB
        if snapshot.stage == .finished { chart.highlightedIndex = layers }
        if let selected = host?.selection?.layers(of: layers) { chart.selection = selected }
        // The final layer is outlined in the text colour: the highlight colour could be B's.
        var barTheme = theme
        barTheme.highlight = theme.foreground
        let frame = chart.draw(on: canvas, in: chartRect, theme: barTheme)
        lastFrame = frame
        drawRanks(contrast, frame: frame, top: chartRect.maxY + 2, rowH: rowH, canvas: canvas, theme: theme)
        drawLegend(
            a: a, b: b, colors: (colorA, colorB),
            at: Point(x: frame.plot.x, y: chartRect.maxY + 2 + rowH * 2 + 6),
            maxWidth: area.width - frame.plot.x, canvas: canvas, theme: theme)
    }

    private func subtitle(_ c: ContrastResult) -> String {
        let tokenText = snapshot?.primary.tokenText
        func describe(_ t: ResolvedToken, _ name: String) -> String {
            guard t.split else { return "\(name) = \(PluginChrome.quoted(t.encodedForm)) (id \(t.id))" }
            let first = tokenText.map { PluginChrome.quoted($0(t.id)) } ?? "id \(t.id)"
            return "\(name) = \(PluginChrome.quoted(t.encodedForm)), \(t.tokenCount) tokens: compared by its "
                + "first, \(first) (id \(t.id))"
        }
        return describe(c.a, "A") + " · " + describe(c.b, "B") + " · from the full distribution"
    }

    /// Two rows of ranks aligned under the bars, thinned when columns are too narrow.
    private func drawRanks(
        _ c: ContrastResult, frame: ChartFrame, top: Double, rowH: Double, canvas: Canvas, theme: Theme
    ) {
        let style = TextStyle(size: theme.fontSize - 1, color: theme.mutedForeground)
        let band = abs(frame.x(1) - frame.x(0))
        let widest = canvas.measure("45.6k", style: style).width + 4
        let step = max(1, Int((widest / max(band, 0.01)).rounded(.up)))
        let labelX = frame.plot.x - 6
        let (colorA, colorB) = Self.colors(theme)
        canvas.text(
            "rank A", at: Point(x: labelX, y: top),
            style: TextStyle(size: style.size, bold: true, color: colorA),
            align: .trailing, maxWidth: max(labelX, 1))
        canvas.text(
            "rank B", at: Point(x: labelX, y: top + rowH),
            style: TextStyle(size: style.size, bold: true, color: colorB), align: .trailing,
            maxWidth: max(labelX, 1))
        // Every step-th layer, plus the last one when it does not crowd its neighbour.
        let last = c.rows.last?.layer ?? 0
        var shown = Set(stride(from: 0, through: last, by: step))
        if last % step >= step / 2 + 1 || step == 1 { shown.insert(last) }
        for row in c.rows where shown.contains(row.layer) {
            let x = frame.x(Double(row.layer))
            canvas.text(
                RankFormat.short(row.a.rank), at: Point(x: x, y: top), style: style, align: .center,
                maxWidth: band * Double(step))
            canvas.text(
                RankFormat.short(row.b.rank), at: Point(x: x, y: top + rowH), style: style, align: .center,
                maxWidth: band * Double(step))
        }
    }

    private func drawLegend(
        a: String, b: String, colors: (Color, Color), at origin: Point, maxWidth: Double, canvas: Canvas,
        theme: Theme
    ) {
        let style = theme.tickStyle
        var x = origin.x
        let h = canvas.lineHeight(style)
        for (color, text) in [
            (colors.0, "\(a) more likely (above 0)"), (colors.1, "\(b) more likely (below 0)"),
        ] {
            guard x < origin.x + maxWidth - 40 else { break }
            canvas.fill(Rect(x: x, y: origin.y + h / 2 - 5, width: 10, height: 10), color: color)
            x += 14
            let w = canvas.text(
                text, at: Point(x: x, y: origin.y), style: style, maxWidth: max(origin.x + maxWidth - x, 1)
            ).width
            x += w + 18
        }
    }
}
