import Analysis
import Charts
import Foundation
import PluginKit

/// The text beside the comparison chart: the selected region and the two models summarised over it.
struct SummaryPanel {
    let primary: ModelRun
    let comparison: ComparisonRunResult
    let selection: ComparisonSelection?
    let summary: SummaryOutcome?

    func draw(on canvas: Canvas, in rect: Rect, theme: Theme) {
        guard rect.width > 20 else { return }
        canvas.fill(rect, color: theme.grid.withAlpha(0.35))
        let inner = rect.inset(top: 10, left: 10, bottom: 10, right: 10)
        var y = inner.y
        let head = TextStyle(size: theme.fontSize + 1, bold: true, color: theme.foreground)
        let body = TextStyle(size: theme.fontSize, color: theme.foreground)
        let muted = TextStyle(size: theme.fontSize, color: theme.mutedForeground)
        let (colorA, colorB) = ComparisonChart.colors(theme)
        func line(_ text: String, _ style: TextStyle, gap: Double = 2) {
            guard y + canvas.lineHeight(style) <= inner.maxY else { return }
            for part in PluginChrome.wrap(text, width: inner.width, canvas: canvas, style: style) {
                guard y + canvas.lineHeight(style) <= inner.maxY else { return }
                y +=
                    canvas.text(part, at: Point(x: inner.x, y: y), style: style, maxWidth: inner.width).height
            }
            y += gap
        }
        line("Models", head)
        line(
            "A: \(primary.displayName) · \(primary.info.layers) layers",
            TextStyle(size: body.size, color: colorA))
        line(
            "B: \(comparison.run.displayName) · \(comparison.run.info.layers) layers",
            TextStyle(size: body.size, color: colorB), gap: 10)
        guard let selection else {
            line("Selection", head)
            line(
                "None: drag over the chart to choose a depth range (tokengen: --select-depth 0.5:1.0 "
                    + "--select-tokens 2:5).", muted)
            return
        }
        line("Selection", head)
        line(String(format: "depth %.2f – %.2f", selection.depthFrom, selection.depthTo), body)
        let tokens = primary.tokens
        if selection.tokenFrom >= 0, selection.tokenTo < tokens.count,
            selection.tokenFrom <= selection.tokenTo
        {
            let first = PluginChrome.quoted(tokens[selection.tokenFrom].text, max: 10)
            let last = PluginChrome.quoted(tokens[selection.tokenTo].text, max: 10)
            line("tokens \(selection.tokenFrom)–\(selection.tokenTo): \(first) … \(last)", body, gap: 8)
        }
        switch summary {
        case .summary(let s):
            line("layers A: \(range(s.layersA)) · B: \(range(s.layersB))", body)
            line(String(format: "mean top-1 p: A %.3f · B %.3f", s.meanTop1ProbA, s.meanTop1ProbB), body)
            line(String(format: "top-1 agreement: %.0f%%", s.agreementRate * 100), body)
            if let ma = s.meanAttentionA, let mb = s.meanAttentionB {
                line(String(format: "mean attention: A %.3f · B %.3f", ma, mb), body)
            }
        case .failed(let message):
            line(message, muted)
        case nil:
            break
        }
    }

    private func range(_ layers: [Int]) -> String {
        guard let a = layers.first, let b = layers.last else { return "none" }
        return a == b ? "\(a)" : "\(a)–\(b)"
    }
}
