import Analysis
import Charts
import PluginKit

/// What the heatmap shows.
public enum HeatmapMode: String, Sendable, CaseIterable {
    /// Layers × prompt tokens: the query row under the session's aggregation.
    case aggregate
    /// A layer × head grid of each head's whole pattern.
    case perHead
}

/// Attention of the query position to each prompt token per layer (aggregated as the session asks),
/// or every head's pattern in a grid, with a chosen cluster's heads outlined.
public final class HeatmapPlugin: SnapshotPlugin {
    public var info: PluginInfo { HeatmapPluginInfo.info }
    public var mode: HeatmapMode = .aggregate {
        didSet { host?.requestRedraw(self) }
    }
    public var views: [String] { ["Query row per layer", "Every head (layer × head)"] }
    public var view: Int {
        get { mode == .aggregate ? 0 : 1 }
        set { mode = newValue == 1 ? .perHead : .aggregate }
    }
    /// Layout of the last aggregate draw (tests, hit-testing).
    public private(set) var lastLayout: HeatmapLayout?
    /// Panels of the last per-head draw.
    public private(set) var lastPanels: [HeadID: Rect] = [:]

    public let state = PluginState()

    public init() {}

    /// A drag over the aggregate heatmap selects the blocks (as depth l / L) and the tokens it covers.
    public func selection(for rect: Rect, size: Size) -> SharedSelection? {
        guard mode == .aggregate, let layout = lastLayout, layout.rows > 0, layout.columns > 0,
            let layers = snapshot?.primary.info.layers, layers > 0
        else { return nil }
        let plot = layout.plot
        let clipped = Rect(
            x: max(rect.x, plot.x), y: max(rect.y, plot.y),
            width: min(rect.maxX, plot.maxX) - max(rect.x, plot.x),
            height: min(rect.maxY, plot.maxY) - max(rect.y, plot.y))
        guard clipped.width > 0, clipped.height > 0 else { return nil }
        let first = Int((clipped.x - plot.x) / layout.cellWidth)
        let last = Int((clipped.maxX - plot.x - 0.001) / layout.cellWidth)
        // Rows from the top of the plot; block numbers count from the bottom when firstRowAtBottom.
        let top = Int((clipped.y - plot.y) / layout.cellHeight)
        let bottom = Int((clipped.maxY - plot.y - 0.001) / layout.cellHeight)
        let blocks =
            layout.firstRowAtBottom
            ? (layout.rows - bottom)...(layout.rows - top) : (top + 1)...(bottom + 1)
        var s = host?.selection ?? SharedSelection()
        s.tokens = max(0, first)...min(layout.columns - 1, max(first, last))
        let lo = Double(max(blocks.lowerBound, 1)) / Double(layers)
        let hi = Double(min(blocks.upperBound, layers)) / Double(layers)
        s.depth = min(lo, hi)...max(lo, hi)
        return s
    }

    /// Heads of the cluster chosen in the shared selection, and the head chosen in Attribution.
    public var highlightedHeads: Set<HeadID> {
        let chosen: Set<HeadID> = host?.selection?.head.map { [$0] } ?? []
        guard let c = host?.selection?.cluster, let clustering = snapshot?.clustering,
            c >= 0, c < clustering.clusters.count
        else { return chosen }
        return chosen.union(clustering.clusters[c].heads)
    }

    public func draw(_ canvas: Canvas, size: Size) throws {
        let theme = PluginChrome.theme(host)
        lastLayout = nil
        lastPanels = [:]
        guard let snapshot else {
            PluginChrome.drawEmpty("Attention", canvas: canvas, size: size, theme: theme)
            return
        }
        PluginChrome.background(canvas, size: size, theme: theme)
        let run = snapshot.primary
        let query = PluginChrome.position(run, word: "query position")
        let note = PluginChrome.progress(snapshot)
        switch mode {
        case .aggregate:
            let how = Self.name(snapshot.request.options.attention)
            let area = PluginChrome.header(
                "Attention from the query to each prompt token", subtitle: "\(query) · \(how)", note: note,
                canvas: canvas, size: size, theme: theme)
            if let error = snapshot.heatmapError {
                PluginChrome.message(
                    "The attention could not be computed", detail: error.description, canvas: canvas,
                    in: area, theme: theme)
                return
            }
            guard !snapshot.heatmap.isEmpty else {
                PluginChrome.message(
                    "Waiting for the first block",
                    detail: "Attention appears as soon as block 1 has run.", canvas: canvas, in: area,
                    theme: theme)
                return
            }
            drawAggregate(snapshot, in: area, canvas: canvas, theme: theme)
        case .perHead:
            let cluster =
                host?.selection?.head.map { " · head \($0.label) (from Attribution) outlined" }
                ?? host?.selection?.cluster.map { " · cluster C\($0 + 1) outlined" }
                ?? " · select a cluster in Head clusters to outline its heads"
            let area = PluginChrome.header(
                "Attention pattern of every head",
                subtitle: "rows: query, columns: key · \(query)\(cluster)",
                note: note, canvas: canvas, size: size, theme: theme)
            let grid = HeadGrid(
                stack: run.attentionStack(), layerCount: run.info.layers, headCount: run.info.heads,
                tokenCount: run.tokens.count, highlighted: highlightedHeads)
            lastPanels = grid.draw(
                on: canvas, in: area.inset(left: PluginChrome.padding, right: PluginChrome.padding),
                theme: theme)
        }
    }

    private func drawAggregate(_ snapshot: SessionSnapshot, in area: Rect, canvas: Canvas, theme: Theme) {
        let run = snapshot.primary
        let rows = max(run.info.layers, snapshot.heatmap.count)
        let columns = run.tokens.count
        var values = [Double](repeating: .nan, count: rows * columns)
        for (r, row) in snapshot.heatmap.enumerated() {
            for (c, v) in row.prefix(columns).enumerated() { values[r * columns + c] = Double(v) }
        }
        var chart = HeatmapChart(
            values: values, rows: rows, columns: columns, rowLabels: (1...max(rows, 1)).map { "\($0)" },
            columnLabels: PluginChrome.tokenLabels(run))
        chart.firstRowAtBottom = true
        chart.rowTitle = "layer (block)"
        chart.columnTitle = "prompt token"
        chart.colorBarTitle = "attention"
        let top = values.filter(\.isFinite).max() ?? 1
        chart.valueRange = 0...max(top, 1e-6)
        chart.highlightedColumn = run.queryPosition
        // Room below the chart for the note on masked cells.
        let noteH = run.queryPosition < columns - 1 ? canvas.lineHeight(theme.tickStyle) + 4 : 0
        lastLayout = chart.draw(on: canvas, in: area.inset(bottom: noteH), theme: theme)
        if let layout = lastLayout, noteH > 0 {
            Self.drawMasked(from: run.queryPosition + 1, layout: layout, canvas: canvas, theme: theme)
            let note = "hatched: later tokens, which the query cannot attend to (masked)"
            canvas.text(
                note, at: Point(x: layout.plot.x, y: area.maxY - noteH + 2),
                style: TextStyle(size: theme.fontSize, color: theme.mutedForeground),
                maxWidth: max(area.maxX - layout.plot.x, 1))
        }
        if let layout = lastLayout, let shared = host?.selection, shared.depth != nil || shared.tokens != nil,
            rows > 0, columns > 0
        {
            // The shared depth range as rows (depth l / L for block l), the token range as columns.
            if let blocks = shared.blocks(of: rows), let t = shared.tokens(of: columns) {
                let lo = blocks.lowerBound, hi = blocks.upperBound
                let first = t.lowerBound, last = t.upperBound
                let a = layout.rect(row: lo - 1, column: first), b = layout.rect(row: hi - 1, column: last)
                let x0 = min(a.x, b.x), x1 = max(a.maxX, b.maxX)
                let y0 = min(a.y, b.y), y1 = max(a.maxY, b.maxY)
                let band = Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
                // A halo in the background colour keeps the dashes visible on dark and light cells.
                canvas.stroke(band, color: theme.background, width: 4.5)
                canvas.stroke(band, color: theme.selectionStroke, width: 2.5, dash: [6, 3])
            }
        }
    }

    /// Columns `first…` are later than the query: drawn grey and hatched, never as zero attention.
    static func drawMasked(from first: Int, layout: HeatmapLayout, canvas: Canvas, theme: Theme) {
        guard first < layout.columns, layout.rows > 0 else { return }
        let a = layout.rect(row: 0, column: first), b = layout.rect(row: layout.rows - 1, column: layout.columns - 1)
        let x0 = min(a.x, b.x), x1 = max(a.maxX, b.maxX), y0 = min(a.y, b.y), y1 = max(a.maxY, b.maxY)
        let band = Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        canvas.withSavedState {
            canvas.fill(band, color: theme.grid)
            canvas.clip(to: band)
            var x = band.x - band.height
            while x < band.maxX {
                canvas.line(
                    from: Point(x: x, y: band.maxY), to: Point(x: x + band.height, y: band.y),
                    color: theme.mutedForeground.withAlpha(0.5), width: 1)
                x += 7
            }
        }
        canvas.stroke(band, color: theme.axis, width: 0.8)
    }

    static func name(_ aggregation: AttentionAggregation) -> String {
        switch aggregation {
        case .meanOverHeads: "mean over heads"
        case .maxOverHeads: "max over heads"
        case .head(let h): "head \(h + 1) only"
        case .rollout: "attention rollout"
        }
    }
}
