/// One point of a scatter chart.
public struct ScatterPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// Index into `categoryNames`, coloured with the qualitative palette.
    public var category: Int
    public var label: String?
    public init(x: Double, y: Double, category: Int = 0, label: String? = nil) {
        self.x = x
        self.y = y
        self.category = category
        self.label = label
    }
}

/// Points coloured by category with optional labels, e.g. attention heads in UMAP space by cluster.
public struct ScatterChart: Sendable {
    public var points: [ScatterPoint]
    public var categoryNames: [String]
    public var title: String?
    public var xTitle: String?
    public var yTitle: String?
    /// Indices of points drawn larger with an outline.
    public var highlighted: Set<Int> = []
    public var selection: SelectionBand?
    public var showsLabels = true
    public var pointSize = 7.0
    public var legend: LegendPlacement = .automatic

    public init(
        points: [ScatterPoint], categoryNames: [String] = [], title: String? = nil,
        xTitle: String? = nil, yTitle: String? = nil
    ) {
        self.points = points
        self.categoryNames = categoryNames
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    @discardableResult
    public func draw(on canvas: Canvas, in rect: Rect, theme: Theme) -> ChartFrame {
        let shapes: [MarkerShape] = [.circle, .square, .triangle, .diamond]
        let entries = categoryNames.enumerated().map { i, n in
            LegendEntry(
                label: n, color: theme.seriesColor(i), marker: shapes[i % shapes.count], showsLine: false)
        }
        let chart = LineChart(series: [], title: title, xTitle: xTitle, yTitle: yTitle)
        let xsD = range(points.map(\.x)), ysD = range(points.map(\.y))
        var probe = chart
        probe.xDomain = xsD
        probe.yDomain = ysD
        let area = rect
        let legendBox = Legend(entries: entries)
        let lsize = legendBox.size(on: canvas, theme: theme)
        // Lay out once without a legend; move it outside if no corner is empty.
        var f = probe.frameOnly(canvas: canvas, rect: area, theme: theme, reserveRight: 0)
        var origin: Point?
        if legend != .hidden && !entries.isEmpty {
            let obstacles = points.map { Point(x: f.x($0.x), y: f.y($0.y)) }
            origin =
                legend == .automatic
                ? Legend.emptiestCorner(plot: f.plot, size: lsize, obstacles: obstacles) : nil
            if origin == nil {
                f = probe.frameOnly(canvas: canvas, rect: area, theme: theme, reserveRight: lsize.width + 8)
                origin = Point(x: f.plot.maxX + 16, y: f.plot.y)
            }
        }
        _ = ChartLayout.titleArea(title, canvas: canvas, rect: rect, theme: theme)
        let xAxis = Axis(edge: .bottom, scale: f.x, title: xTitle)
        let yAxis = Axis(edge: .left, scale: f.y, title: yTitle)
        yAxis.drawGrid(on: canvas, plot: f.plot, theme: theme)
        xAxis.drawGrid(on: canvas, plot: f.plot, theme: theme)
        if let selection { Overlay.drawSelection(selection, frame: f, on: canvas, theme: theme) }
        var placed: [Rect] = []
        let order = points.indices.sorted { a, _ in !highlighted.contains(a) }
        for i in order {
            let p = points[i]
            let c = Point(x: f.x(p.x), y: f.y(p.y))
            let hot = highlighted.contains(i)
            canvas.marker(
                shapes[((p.category % shapes.count) + shapes.count) % shapes.count], at: c,
                size: hot ? pointSize * 1.5 : pointSize, fill: theme.seriesColor(p.category),
                stroke: hot ? theme.foreground : theme.background, lineWidth: hot ? 1.5 : 0.7)
        }
        if showsLabels {
            let style = theme.tickStyle
            for i in order.reversed() {
                guard let label = points[i].label else { continue }
                let c = Point(x: f.x(points[i].x) + pointSize * 0.7, y: f.y(points[i].y) - pointSize * 0.7)
                let s = canvas.measure(label, style: style, maxWidth: 80)
                let box = Rect(x: c.x, y: c.y - s.height, width: s.width, height: s.height)
                guard box.maxX <= f.plot.maxX, box.y >= f.plot.y,
                    !placed.contains(where: { $0.intersects(box) })
                else { continue }
                placed.append(box)
                canvas.text(label, at: c, style: style, valign: .bottom, maxWidth: 80)
            }
        }
        xAxis.draw(on: canvas, plot: f.plot, theme: theme)
        yAxis.draw(on: canvas, plot: f.plot, theme: theme)
        if let origin { legendBox.draw(on: canvas, at: origin, theme: theme) }
        return f
    }

    private func range(_ v: [Double]) -> ClosedRange<Double> {
        let f = v.filter(\.isFinite)
        guard let lo = f.min(), let hi = f.max() else { return 0...1 }
        let pad = hi > lo ? (hi - lo) * 0.05 : 1
        // Tight nice bounds (step from the data's own range): a scatter's points should fill its plot.
        let step = Ticks.niceNumber((hi - lo + 2 * pad) / 5, round: true)
        return (((lo - pad) / step).rounded(.down) * step)...(((hi + pad) / step).rounded(.up) * step)
    }
}

extension LineChart {
    /// The frame a line chart with these axes would use, with `reserveRight` kept free.
    func frameOnly(canvas: Canvas, rect: Rect, theme: Theme, reserveRight: Double) -> ChartFrame {
        let xs = Scale(kind: xScale, domain: xDomain ?? 0...1),
            ys = Scale(kind: yScale, domain: yDomain ?? 0...1)
        let area = ChartLayout.titleAreaSize(title, canvas: canvas, rect: rect, theme: theme)
        let left = Axis(edge: .left, scale: ys, title: yTitle).margin(on: canvas, theme: theme)
        let bottom = Axis(edge: .bottom, scale: xs, title: xTitle).margin(on: canvas, theme: theme)
        let plot = area.inset(left: left, bottom: bottom, right: reserveRight + 8)
        return ChartFrame(plot: plot, x: xs.withRange(plot.x, plot.maxX), y: ys.withRange(plot.maxY, plot.y))
    }
}
