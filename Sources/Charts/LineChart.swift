/// One line of a line chart; NaN y values leave gaps.
public struct LineSeries: Sendable {
    public var name: String
    public var xs: [Double]
    public var ys: [Double]
    /// nil picks the theme's qualitative colour for the series' index.
    public var color: Color?
    public var marker: MarkerShape
    public var dashed: Bool
    public init(
        name: String, xs: [Double], ys: [Double], color: Color? = nil, marker: MarkerShape = .circle,
        dashed: Bool = false
    ) {
        self.name = name
        self.xs = xs
        self.ys = ys
        self.color = color
        self.marker = marker
        self.dashed = dashed
    }
}

/// Lines with markers over numeric axes, e.g. a token's probability per layer (log y when asked).
public struct LineChart: Sendable {
    public var series: [LineSeries]
    public var title: String?
    public var xTitle: String?
    public var yTitle: String?
    public var xScale: Scale.Kind = .linear
    public var yScale: Scale.Kind = .linear
    /// Fixed domains; nil fits the data (and rounds to nice ticks).
    public var xDomain: ClosedRange<Double>?
    public var yDomain: ClosedRange<Double>?
    /// The series drawn strong and on top; the others are dimmed.
    public var highlightedSeries: Int?
    public var selection: SelectionBand?
    /// A dashed vertical cursor at this x (e.g. the chosen layer).
    public var cursorX: Double?
    public var legend: LegendPlacement = .automatic

    public init(series: [LineSeries], title: String? = nil, xTitle: String? = nil, yTitle: String? = nil) {
        self.series = series
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    private func domain(_ values: [Double], kind: Scale.Kind) -> ClosedRange<Double> {
        let v = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        guard let lo = v.min(), let hi = v.max() else { return kind == .log10 ? 1e-3...1 : 0...1 }
        return lo...hi
    }

    /// Draws the chart into `rect` and returns its frame for hit-testing.
    @discardableResult
    public func draw(on canvas: Canvas, in rect: Rect, theme: Theme) -> ChartFrame {
        let area = ChartLayout.titleArea(title, canvas: canvas, rect: rect, theme: theme)
        let xs = Scale(kind: xScale, domain: xDomain ?? domain(series.flatMap(\.xs), kind: xScale))
        let ys = Scale(kind: yScale, domain: yDomain ?? domain(series.flatMap(\.ys), kind: yScale))
        let xAxisScale = xDomain == nil ? xs.niced() : xs
        let yAxisScale = yDomain == nil ? ys.niced() : ys
        let entries = series.enumerated().map { i, s in
            LegendEntry(label: s.name, color: s.color ?? theme.seriesColor(i), marker: s.marker)
        }
        let legendBox = Legend(entries: entries)
        let legendSize = legendBox.size(on: canvas, theme: theme)
        let showLegend = legend != .hidden && series.count > 1

        func frame(reserveRight: Double, reserveTop: Double) -> ChartFrame {
            let probeY = Axis(edge: .left, scale: yAxisScale, title: yTitle)
            let probeX = Axis(edge: .bottom, scale: xAxisScale, title: xTitle)
            let plot = area.inset(
                top: reserveTop, left: probeY.margin(on: canvas, theme: theme),
                bottom: probeX.margin(on: canvas, theme: theme), right: reserveRight + 8)
            return ChartFrame(
                plot: plot, x: xAxisScale.withRange(plot.x, plot.maxX),
                y: yAxisScale.withRange(plot.maxY, plot.y))
        }
        var f = frame(reserveRight: 0, reserveTop: 0)
        var legendOrigin: Point?
        if showLegend {
            switch legend {
            case .automatic:
                let obstacles = series.flatMap { s in
                    Legend.sample(zip(s.xs, s.ys).map { Point(x: f.x($0), y: f.y($1)) })
                }
                legendOrigin = Legend.emptiestCorner(plot: f.plot, size: legendSize, obstacles: obstacles)
                if legendOrigin == nil { fallthrough }
            case .right:
                f = frame(reserveRight: legendSize.width + 8, reserveTop: 0)
                legendOrigin = Point(x: f.plot.maxX + 16, y: f.plot.y)
            case .top:
                f = frame(reserveRight: 0, reserveTop: legendSize.height + 6)
                legendOrigin = Point(x: f.plot.maxX - legendSize.width, y: area.y)
            case .hidden:
                break
            }
        }
        let xAxis = Axis(edge: .bottom, scale: f.x, title: xTitle)
        let yAxis = Axis(edge: .left, scale: f.y, title: yTitle)
        yAxis.drawGrid(on: canvas, plot: f.plot, theme: theme)
        xAxis.drawGrid(on: canvas, plot: f.plot, theme: theme)
        if let selection { Overlay.drawSelection(selection, frame: f, on: canvas, theme: theme) }
        if let cursorX { Overlay.drawCursor(x: cursorX, frame: f, on: canvas, theme: theme) }
        canvas.withSavedState {
            canvas.clip(to: f.plot.inset(top: -6, left: -6, bottom: -6, right: -6))
            let order = series.indices.sorted { a, _ in a != highlightedSeries }
            for i in order { drawSeries(i, frame: f, canvas: canvas, theme: theme) }
        }
        xAxis.draw(on: canvas, plot: f.plot, theme: theme)
        yAxis.draw(on: canvas, plot: f.plot, theme: theme)
        if let legendOrigin { legendBox.draw(on: canvas, at: legendOrigin, theme: theme) }
        return f
    }

    private func drawSeries(_ i: Int, frame f: ChartFrame, canvas: Canvas, theme: Theme) {
        let s = series[i]
        let dim = highlightedSeries != nil && highlightedSeries != i
        let strong = highlightedSeries == i
        let base = s.color ?? theme.seriesColor(i)
        let color = dim ? base.withAlpha(0.3) : base
        let pts = zip(s.xs, s.ys).map { x, y -> Point in
            let ok = y.isFinite && x.isFinite && (yScale == .linear || y > 0)
            return ok ? Point(x: f.x(x), y: f.y(y)) : Point(x: .nan, y: .nan)
        }
        canvas.polyline(pts, color: color, width: strong ? 2.6 : 1.6, dash: s.dashed ? [6, 3] : [])
        let size = strong ? 7.0 : pts.count > 60 ? 0 : 5.5
        guard size > 0 else { return }
        for p in pts where p.x.isFinite {
            canvas.marker(s.marker, at: p, size: size, fill: color, stroke: theme.background, lineWidth: 0.8)
        }
    }
}
