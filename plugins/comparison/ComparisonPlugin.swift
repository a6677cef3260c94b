import Analysis
import Charts
import Foundation
import PluginKit

/// Two models on a common depth axis l / L: each one's top-1 token and probability per depth,
/// where they agree, and the selected region (depth × tokens) as a band with its summary beside.
public final class ComparisonPlugin: SnapshotPlugin {
    public var info: PluginInfo { ComparisonPluginInfo.info }
    /// Where the last draw put the chart (x = depth).
    public private(set) var lastFrame: ChartFrame?
    /// The agreement strip of the last draw.
    public private(set) var lastAgreementStrip: Rect?

    public let state = PluginState()

    public init() {}

    /// A drag over the chart selects that depth range over every token (a token range chosen on the
    /// heatmap before is cleared, so no hidden part of an older selection stays in force).
    public func selection(for rect: Rect, size: Size) -> SharedSelection? {
        guard let f = lastFrame else { return nil }
        let a = min(max(f.x.invert(rect.x), 0), 1), b = min(max(f.x.invert(rect.maxX), 0), 1)
        guard b > a else { return nil }
        var s = host?.selection ?? SharedSelection()
        s.depth = a...b
        s.tokens = nil
        return s
    }

    /// The region to show: the window's shared selection, else the request's.
    var currentSelection: ComparisonSelection? {
        if let count = snapshot?.primary.tokens.count,
            let shared = host?.selection?.comparisonSelection(tokenCount: count)
        {
            return shared
        }
        return snapshot?.request.options.selection
    }

    public func draw(_ canvas: Canvas, size: Size) throws {
        let theme = PluginChrome.theme(host)
        lastFrame = nil
        lastAgreementStrip = nil
        guard let snapshot else {
            PluginChrome.drawEmpty("Model comparison", canvas: canvas, size: size, theme: theme)
            return
        }
        PluginChrome.background(canvas, size: size, theme: theme)
        let note = PluginChrome.progress(snapshot)
        guard let comparison = snapshot.comparison else {
            let area = PluginChrome.header(
                "Model comparison", note: note, canvas: canvas, size: size, theme: theme)
            let (headline, detail) = missing(snapshot)
            PluginChrome.message(headline, detail: detail, canvas: canvas, in: area, theme: theme)
            return
        }
        let primary = snapshot.primary, other = comparison.run
        let agreeCount = comparison.layers.filter(\.agree).count
        let how =
            comparison.sameVocabulary
            ? "same vocabulary, compared by id" : "different vocabularies, compared as text"
        let q = primary.queryPosition
        let area = PluginChrome.header(
            "Top-1 prediction by depth: \(primary.displayName) vs \(other.displayName)",
            subtitle:
                "position \(q) \(PluginChrome.quoted(primary.tokens[q].text)) · agree at \(agreeCount) of "
                + "\(comparison.layers.count) depths · \(how)",
            note: note, canvas: canvas, size: size, theme: theme)
        let panelWidth = area.width >= 560 ? min(260, area.width * 0.3) : 0
        let chartArea = area.inset(right: panelWidth)
        let selection = currentSelection
        let frame = ComparisonChart(
            primary: primary, comparison: comparison, selection: selection
        ).draw(on: canvas, in: chartArea, theme: theme)
        lastFrame = frame.frame
        lastAgreementStrip = frame.strip
        if panelWidth > 0 {
            let panel = Rect(
                x: chartArea.maxX, y: area.y + 10, width: panelWidth - PluginChrome.padding,
                height: area.height - 20)
            SummaryPanel(
                primary: primary, comparison: comparison, selection: selection,
                summary: selection.map {
                    ComparisonSummary.summarize(primary: primary, comparison: comparison, selection: $0)
                }
            ).draw(on: canvas, in: panel, theme: theme)
        }
    }

    private func missing(_ snapshot: SessionSnapshot) -> (String, String) {
        if let error = snapshot.comparisonError { return ("The comparison model failed", error.description) }
        guard snapshot.request.compareModel != nil else {
            return (
                "Only one model",
                "Choose a second model in the “vs” list at the top of the window (or Open Comparison "
                    + "Model File… in the main menu, Ctrl+Alt+O); both run on the same prompt and are lined "
                    + "up by relative depth."
            )
        }
        return (
            "Comparison runs after the primary model",
            "The second model runs once every layer of the first is done."
        )
    }
}
