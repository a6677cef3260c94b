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
        line(
            "Strip under the chart: filled where both models' top-1 tokens agree, hollow where not.", muted,
            gap: 10)
        guard let selection else {
            line("Selection", head)
            line(
                "None: drag across this chart (or the Timeline) to choose a depth range, or across the "
                    + "Attention heatmap to choose depths and tokens together.", muted)
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
            if s.tokensRead == 0 {
                line("Reading both models' lens at the selected tokens…", muted)
            } else {
                if !s.isComplete {
                    line("over \(s.tokensRead) of \(s.tokensSelected) tokens so far (reading the rest…)", muted)
                }
                line(String(format: "mean top-1 p: A %.3f · B %.3f", s.meanTop1ProbA, s.meanTop1ProbB), body)
                line(String(format: "top-1 agreement: %.0f%%", s.agreementRate * 100), body)
            }
            let mass = [comparison.primaryInput, comparison.comparisonInput].map {
                Self.attentionMass($0, selection: selection)
            }
            if let ma = mass[0] {
                let b = mass[1].map { String(format: " · B %.0f%%", $0 * 100) } ?? ""
                line(
                    String(format: "attention on the selected tokens: A %.0f%%", ma * 100) + b
                        + " (of the query's attention, mean over heads and selected layers)", body)
            }
        case .failed(let message):
            line(message, muted)
        case nil:
            break
        }
    }

    /// The share of the query's attention (mean over heads, then over the selected blocks) that falls
    /// on the selected tokens: 1 when every token is selected, the interesting number otherwise. Nil
    /// when no block is selected or the run's tokens do not cover the range. From the query's
    /// mean-over-heads attention row per block (`ComparisonInput.queryAttention`): the mean over heads of
    /// each head's sum is the sum of the mean row.
    static func attentionMass(_ input: ComparisonInput, selection: ComparisonSelection) -> Double? {
        guard selection.tokenTo < input.tokenCount, selection.tokenFrom >= 0,
            selection.tokenFrom <= selection.tokenTo
        else { return nil }
        let blocks = Double(input.layerCount)
        let first = max(1, Int((selection.depthFrom * blocks).rounded(.up)))
        let last = min(input.queryAttention.count, Int((selection.depthTo * blocks).rounded(.down)))
        guard first <= last else { return nil }
        let q = input.queryPosition
        // Tokens after the query get no attention (causal mask).
        guard selection.tokenFrom <= q else { return 0 }
        let keys = selection.tokenFrom...min(selection.tokenTo, q)
        var total = 0.0
        for l in first...last {
            let row = input.queryAttention[l - 1]
            for k in keys { total += Double(row[k]) }
        }
        return total / Double(last - first + 1)
    }

    private func range(_ layers: [Int]) -> String {
        guard let a = layers.first, let b = layers.last else { return "none" }
        return a == b ? "\(a)" : "\(a)–\(b)"
    }
}
