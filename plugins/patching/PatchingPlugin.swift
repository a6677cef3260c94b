import Analysis
import Charts
import Foundation
import PluginKit

/// Activation patching as a layers × positions heatmap that fills in layer by layer as the sweep
/// runs: 1 = patching that residual restores the clean answer, 0 = it changes nothing.
public final class PatchingPlugin: SnapshotPlugin {
    public var info: PluginInfo { PatchingPluginInfo.info }
    public private(set) var lastLayout: HeatmapLayout?

    public let state = PluginState()

    public init() {}

    public func didDeactivate() {
        lastLayout = nil
    }

    /// The (layer, position) under `point` and its value, as text.
    public func hover(at point: Point, size: Size) -> HoverInfo? {
        guard let layout = lastLayout, let c = layout.cell(at: point), let p = snapshot?.patching,
            c.row < p.values.count, c.column < p.values[c.row].count
        else { return nil }
        let clean = snapshot?.primary.tokens[c.column].text ?? ""
        let bad = c.column < p.corruptedTokens.count ? p.corruptedTokens[c.column].text : ""
        let value = p.values[c.row][c.column].map { String(format: "%.3f", $0) } ?? "not yet"
        return HoverInfo(
            lines: [
                "layer \(c.row), position \(c.column)", "\(PluginChrome.quoted(clean)) / \(PluginChrome.quoted(bad))",
                "restored \(value)",
            ], at: point, token: c.column)
    }

    public func draw(_ canvas: Canvas, size: Size) throws {
        let theme = PluginChrome.theme(host)
        lastLayout = nil
        guard let snapshot else {
            PluginChrome.drawEmpty("Patching", canvas: canvas, size: size, theme: theme)
            return
        }
        PluginChrome.background(canvas, size: size, theme: theme)
        guard let p = snapshot.patching else {
            let area = PluginChrome.header(
                "Activation patching", note: PluginChrome.progress(snapshot), canvas: canvas, size: size, theme: theme)
            let asked = snapshot.request.options.patchPrompt != nil || snapshot.request.options.patchIDs != nil
            if let error = snapshot.patchingError {
                PluginChrome.message("Patching did not run", detail: error.description, canvas: canvas, in: area, theme: theme)
                return
            }
            PluginChrome.message(
                asked ? "Patching starts when the analysis is done" : "No corrupted prompt",
                detail: asked
                    ? "Each layer's row appears as soon as it is computed."
                    : "Type a corrupted prompt with the same number of tokens in Patch against (analyze "
                        + "--patch) to see which layers and positions carry the answer.",
                canvas: canvas, in: area, theme: theme)
            return
        }
        let layers = p.values.count
        let done = p.layersDone
        let note = done < layers ? "patching: \(done) of \(layers) layers… (Cancel in the status bar)" : nil
        let area = PluginChrome.header(
            "Restored logit(\(PluginChrome.quoted(p.answer.text))) − logit(\(PluginChrome.quoted(p.foil.text)))",
            subtitle: String(
                format: "clean %.2f, corrupted %.2f · 1 = clean answer restored, 0 = no effect",
                p.cleanLogitDiff, p.corruptedLogitDiff),
            note: note, canvas: canvas, size: size, theme: theme)
        let tokens = p.values.first?.count ?? 0
        let values = p.values.flatMap { row in row.map { $0.map(Double.init) ?? .nan } }
        let top = max(1, values.filter(\.isFinite).map(abs).max() ?? 1)
        let run = snapshot.primary
        let labels = (0..<tokens).map { t -> String in
            let clean = TokenLabel.display(run.tokens[t].label, maxCharacters: 10)
            guard t < p.corruptedTokens.count, p.corruptedTokens[t].id != run.tokens[t].id else { return clean }
            return clean + "/" + TokenLabel.display(p.corruptedTokens[t].text, maxCharacters: 8)
        }
        var chart = HeatmapChart(
            values: values, rows: layers, columns: tokens, rowLabels: (0..<layers).map { "\($0)" },
            columnLabels: labels)
        chart.firstRowAtBottom = true
        chart.colorMap = theme.diverging
        chart.valueRange = -top...top
        chart.rowTitle = "layer patched (0 = embedding)"
        chart.columnTitle = "position (clean/corrupted where they differ)"
        chart.colorBarTitle = "restored"
        lastLayout = chart.draw(on: canvas, in: area, theme: theme)
    }
}
