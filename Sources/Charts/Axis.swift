/// A numeric axis along one edge of the plot area: ticks, labels, grid and title.
public struct Axis: Sendable {
    public enum Edge: Sendable { case left, bottom }

    public var edge: Edge
    public var scale: Scale
    public var title: String?
    public var ticks: [Tick]
    public var showsGrid: Bool

    public init(edge: Edge, scale: Scale, title: String? = nil, tickCount: Int = 6, showsGrid: Bool = true) {
        self.edge = edge
        self.scale = scale
        self.title = title
        self.ticks = scale.ticks(count: tickCount)
        self.showsGrid = showsGrid
    }

    static let tickLength = 4.0
    static let gap = 4.0

    /// Space this axis needs outside the plot area (labels plus title).
    public func margin(on canvas: Canvas, theme: Theme) -> Double {
        let labels = ticks.filter { !$0.label.isEmpty }
        var m = Axis.tickLength + Axis.gap
        switch edge {
        case .left:
            m += labels.map { canvas.measure($0.label, style: theme.tickStyle).width }.max() ?? 0
        case .bottom:
            m += canvas.lineHeight(theme.tickStyle)
        }
        if let title, !title.isEmpty { m += canvas.lineHeight(theme.labelStyle) + Axis.gap }
        return m
    }

    /// Grid lines behind the data.
    public func drawGrid(on canvas: Canvas, plot: Rect, theme: Theme) {
        guard showsGrid else { return }
        for t in ticks where t.isMajor {
            let p = scale(t.value)
            switch edge {
            case .left:
                canvas.line(
                    from: Point(x: plot.x, y: p), to: Point(x: plot.maxX, y: p),
                    color: theme.grid, width: 1)
            case .bottom:
                canvas.line(
                    from: Point(x: p, y: plot.y), to: Point(x: p, y: plot.maxY),
                    color: theme.grid, width: 1)
            }
        }
    }

    /// Axis line, ticks, labels and title.
    public func draw(on canvas: Canvas, plot: Rect, theme: Theme) {
        let style = theme.tickStyle
        switch edge {
        case .left:
            canvas.line(
                from: Point(x: plot.x, y: plot.y), to: Point(x: plot.x, y: plot.maxY),
                color: theme.axis)
            var widest = 0.0
            for t in ticks {
                let y = scale(t.value)
                let len = t.isMajor ? Axis.tickLength : Axis.tickLength / 2
                canvas.line(from: Point(x: plot.x - len, y: y), to: Point(x: plot.x, y: y), color: theme.axis)
                let s = canvas.text(
                    t.label, at: Point(x: plot.x - Axis.tickLength - Axis.gap, y: y),
                    style: style, align: .trailing, valign: .middle)
                widest = max(widest, s.width)
            }
            if let title {
                let x = plot.x - Axis.tickLength - Axis.gap * 2 - widest
                canvas.text(
                    title, at: Point(x: x, y: plot.midY), style: theme.labelStyle,
                    align: .center, valign: .bottom, rotation: 90, maxWidth: plot.height)
            }
        case .bottom:
            canvas.line(
                from: Point(x: plot.x, y: plot.maxY), to: Point(x: plot.maxX, y: plot.maxY),
                color: theme.axis)
            for t in ticks {
                let x = scale(t.value)
                let len = t.isMajor ? Axis.tickLength : Axis.tickLength / 2
                canvas.line(
                    from: Point(x: x, y: plot.maxY), to: Point(x: x, y: plot.maxY + len),
                    color: theme.axis)
                canvas.text(
                    t.label, at: Point(x: x, y: plot.maxY + Axis.tickLength + Axis.gap),
                    style: style, align: .center, valign: .top)
            }
            if let title {
                let y = plot.maxY + Axis.tickLength + Axis.gap * 2 + canvas.lineHeight(style)
                canvas.text(
                    title, at: Point(x: plot.midX, y: y), style: theme.labelStyle,
                    align: .center, valign: .top, maxWidth: plot.width)
            }
        }
    }
}
