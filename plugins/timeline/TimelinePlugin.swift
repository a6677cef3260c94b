import Analysis
import Charts
import PluginKit

/// Top candidates' probability (or log-probability, or rank) through the layers at the query
/// position, one line per token, the final prediction drawn strong; or the top-k table (layer × rank).
///
/// Each token keeps one colour for the whole analysis (`TokenColors`); the prediction is marked by
/// a thick line and a ring, not by taking another colour.
public final class TimelinePlugin: SnapshotPlugin {
    public var info: PluginInfo { TimelinePluginInfo.info }
    /// What the y axis shows; changing it redraws.
    public var scale: TimelineScale = .probability {
        didSet { rebuild() }
    }
    /// Whether layer l reads the residual after block l (default) or after its attention, before its MLP.
    public var afterAttention = false {
        didSet { rebuild() }
    }
    /// Whether the top-k table is shown instead of the chart.
    public var showsTable = false {
        didSet { host?.requestRedraw(self) }
    }
    /// The scales after each block, the table, then the scales read after each block's attention.
    public var views: [String] {
        ["Probability", "Log-probability", "Rank", "Top-k table"]
            + ["After attention: probability", "After attention: log-probability", "After attention: rank"]
    }
    public var view: Int {
        get {
            if showsTable { return 3 }
            let i = TimelineScale.allCases.firstIndex(of: scale) ?? 0
            return afterAttention ? 4 + i : i
        }
        set {
            showsTable = newValue == 3
            let i = newValue >= 4 ? newValue - 4 : newValue
            if newValue != 3 {
                afterAttention = newValue >= 4
                if TimelineScale.allCases.indices.contains(i) { scale = TimelineScale.allCases[i] }
            }
        }
    }
    /// Where the last table draw put its cells.
    var lastTable: TimelineTableLayout?
    private var colors = TokenColors()
    /// The model drawn last (for tests and hit-testing).
    public private(set) var model: TimelineModel?
    /// Where the last draw put the plot.
    public private(set) var lastFrame: ChartFrame?

    public let state = PluginState()

    public init() {}

    public func snapshotDidChange() {
        rebuild()
    }

    public func didDeactivate() {
        model = nil
    }

    /// A drag over the chart selects that depth range (layer / L) over every token: a token range
    /// chosen on the heatmap before is cleared, so no hidden part of an older selection stays in force.
    public func selection(for rect: Rect, size: Size) -> SharedSelection? {
        guard let f = lastFrame, let model, model.layerCount > 0 else { return nil }
        let layers = Double(model.layerCount)
        let a = min(max(f.x.invert(rect.x) / layers, 0), 1)
        let b = min(max(f.x.invert(rect.maxX) / layers, 0), 1)
        guard b > a else { return nil }
        var s = host?.selection ?? SharedSelection()
        s.depth = a...b
        s.tokens = nil
        return s
    }

    private func rebuild() {
        model = snapshot.flatMap {
            // After attention: once the run finished (the lens after attention is read then).
            let run = afterAttention ? ($0.primary.afterAttention() ?? $0.primary) : $0.primary
            return TimelineModel.make(run, finished: $0.stage == .finished, scale: scale)
        }
        if let snapshot, let model {
            let r = snapshot.request
            colors.begin("\(r.model)|\(r.prompt)|\(snapshot.primary.queryPosition)")
            // The final prediction first, so it gets the same colour whenever it first appears.
            colors.assign(model.tracks.map(\.id))
        }
        host?.requestRedraw(self)
    }

    /// The colour of a track: the token's own colour for the whole analysis.
    public func color(of track: TimelineTrack, theme: Theme) -> Color {
        colors.color(of: track.id, theme: theme)
    }

    /// The colour of token `id`, if the timeline has shown it (the table colours its text so).
    func color(ofToken id: Int, theme: Theme) -> Color { colors.color(of: id, theme: theme) }

    public func draw(_ canvas: Canvas, size: Size) throws {
        let theme = PluginChrome.theme(host)
        lastFrame = nil
        lastTable = nil
        guard let snapshot else {
            PluginChrome.drawEmpty("Timeline", canvas: canvas, size: size, theme: theme)
            return
        }
        if showsTable {
            drawTable(snapshot, canvas: canvas, size: size, theme: theme)
            return
        }
        PluginChrome.background(canvas, size: size, theme: theme)
        let run = snapshot.primary
        let position = PluginChrome.position(run)
        guard let model else {
            let area = PluginChrome.header(
                "Next-token candidates through the layers", subtitle: position,
                note: PluginChrome.progress(snapshot), canvas: canvas, size: size, theme: theme)
            PluginChrome.message(
                "Waiting for the first layer", detail: "The lens of layer 0 (the embedding) comes first.",
                canvas: canvas, in: area, theme: theme)
            return
        }
        let area = PluginChrome.header(
            "Next-token candidates through the layers", subtitle: subtitle(model, position: position),
            note: PluginChrome.progress(snapshot), canvas: canvas, size: size, theme: theme)
        let highlightID = model.finalID ?? model.leadingID
        let xs = (0..<model.layersDone).map(Double.init)
        let series = model.tracks.map { t in
            LineSeries(
                name: PluginChrome.quoted(t.text, max: 14), xs: xs, ys: t.values,
                color: color(of: t, theme: theme), marker: t.id == highlightID ? .circle : .none)
        }
        let xTitle = afterAttention && snapshot.primary.afterAttention() != nil
            ? "layer, read after its attention (before the MLP; 0 = embedding)" : "layer (0 = embedding)"
        var chart = LineChart(series: series, xTitle: xTitle, yTitle: model.scale.axisTitle)
        chart.xDomain = 0...Double(max(model.layerCount, 1))
        switch model.scale {
        case .probability:
            // Zoom to the data (a random or unsure model never gets near 1), on a round upper bound.
            let top = model.tracks.flatMap(\.values).filter(\.isFinite).max() ?? 1
            let bounds = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]
            chart.yDomain = 0...(bounds.first { $0 >= top * 1.05 } ?? 1)
        case .logProbability: break
        case .rank: chart.yScale = .log10
        }
        chart.legend = .right
        if let d = host?.selection?.depth {
            chart.selection = SelectionBand(
                x: (d.lowerBound * Double(model.layerCount))...(d.upperBound * Double(model.layerCount)))
        }
        let frame = chart.draw(on: canvas, in: area, theme: theme)
        lastFrame = frame
        // The prediction drawn strong on top, in its own colour (the chart's own highlight would fade
        // the others too much).
        if let i = model.tracks.firstIndex(where: { $0.id == highlightID }) {
            let strong = color(of: model.tracks[i], theme: theme)
            let points = zip(xs, model.tracks[i].values).map { x, y -> Point in
                y.isFinite && (model.scale != .rank || y > 0)
                    ? Point(x: frame.x(x), y: frame.y(y)) : Point(x: .nan, y: .nan)
            }
            canvas.withSavedState {
                canvas.clip(to: frame.plot.inset(top: -10, left: -10, bottom: -10, right: -10))
                canvas.polyline(points, color: strong, width: 3)
                if let last = points.last, last.x.isFinite {
                    canvas.circle(center: last, radius: 7, fill: nil, stroke: strong, lineWidth: 2)
                }
            }
        }
    }

    /// The query position, and the highlighted token with its probability at the last layer drawn: the
    /// model's prediction (or the leader so far), or after attention the top-1 read after the last block's
    /// attention, with its probability there (not the model's output).
    func subtitle(_ model: TimelineModel, position: String) -> String {
        let mid = afterAttention ? snapshot?.primary.afterAttention() : nil
        let name = mid != nil ? "top-1 after the last attention" : model.finalID != nil ? "prediction" : "leading so far"
        guard let id = model.finalID ?? model.leadingID, let t = model.tracks.first(where: { $0.id == id }),
            let p = (mid ?? snapshot?.primary)?.lens.last.map({
                TimelineModel.value(of: id, in: $0.queryLogprobs, scale: .probability)
            })
        else { return position }
        return "\(position) · \(name) \(PluginChrome.quoted(t.text)) p = \(String(format: "%.3f", p))"
    }
}
