/// Vertical bars diverging from zero, one per category, e.g. logp(A) − logp(B) per layer.
public struct BarChart: Sendable {
    public var labels: [String]
    public var values: [Double]
    public var title: String?
    public var xTitle: String?
    public var yTitle: String?
    /// nil uses the ends of the theme's diverging map.
    public var positiveColor: Color?
    public var negativeColor: Color?
    public var highlightedIndex: Int?
    /// Selected categories, as an index range.
    public var selection: ClosedRange<Int>?
    public var maxLabelWidth = 80.0

    public init(
        labels: [String], values: [Double], title: String? = nil, xTitle: String? = nil,
        yTitle: String? = nil
    ) {
        self.labels = labels
        self.values = values
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    /// Draws the chart; the frame's x scale maps category index i to the centre of its band at i.
    @discardableResult
    public func draw(on canvas: Canvas, in rect: Rect, theme: Theme) -> ChartFrame {
        let area = ChartLayout.titleArea(title, canvas: canvas, rect: rect, theme: theme)
        let finite = values.filter(\.isFinite)
        let lo = min(finite.min() ?? 0, 0), hi = max(finite.max() ?? 1, 0)
        let yScale = Scale(domain: lo...(hi > lo ? hi : lo + 1)).niced()
        let yAxisProbe = Axis(edge: .left, scale: yScale, title: yTitle)
        let left = yAxisProbe.margin(on: canvas, theme: theme)
        let n = max(values.count, 1)
        let band = max(area.width - left - 8, 1) / Double(n)
        let plan = CategoryLabelPlan.horizontal(
            labels, band: band, canvas: canvas, style: theme.tickStyle,
            maxLabelWidth: maxLabelWidth)
        let titleH = xTitle == nil ? 0 : canvas.lineHeight(theme.labelStyle) + Axis.gap
        let plot = area.inset(left: left, bottom: plan.extent + Axis.tickLength + Axis.gap + titleH, right: 8)
        let f = ChartFrame(
            plot: plot, x: Scale(domain: -0.5...(Double(n) - 0.5), start: plot.x, end: plot.maxX),
            y: yScale.withRange(plot.maxY, plot.y))
        let yAxis = Axis(edge: .left, scale: f.y, title: yTitle)
        yAxis.drawGrid(on: canvas, plot: plot, theme: theme)
        if let selection {
            let band = SelectionBand(
                x: (Double(selection.lowerBound) - 0.5)...(Double(selection.upperBound) + 0.5))
            Overlay.drawSelection(band, frame: f, on: canvas, theme: theme)
        }
        let pos = positiveColor ?? theme.diverging.color(at: 0.85)
        let neg = negativeColor ?? theme.diverging.color(at: 0.15)
        let w = (f.x(1) - f.x(0)) * 0.72
        for (i, v) in values.enumerated() where v.isFinite {
            let x = f.x(Double(i)), y0 = f.y(0), y1 = f.y(v)
            let r = Rect(x: x - w / 2, y: min(y0, y1), width: w, height: abs(y1 - y0))
            canvas.fill(r, color: v >= 0 ? pos : neg)
            if i == highlightedIndex { canvas.stroke(r, color: theme.highlight, width: 2) }
        }
        canvas.line(from: Point(x: plot.x, y: f.y(0)), to: Point(x: plot.maxX, y: f.y(0)), color: theme.axis)
        yAxis.draw(on: canvas, plot: plot, theme: theme)
        canvas.line(
            from: Point(x: plot.x, y: plot.maxY), to: Point(x: plot.maxX, y: plot.maxY), color: theme.axis)
        for i in plan.indices {
            let x = f.x(Double(i))
            canvas.line(
                from: Point(x: x, y: plot.maxY), to: Point(x: x, y: plot.maxY + Axis.tickLength),
                color: theme.axis)
        }
        plan.draw(
            labels, positions: { f.x(Double($0)) }, edge: plot.maxY + Axis.tickLength, vertical: false,
            canvas: canvas, style: theme.tickStyle, highlight: highlightedIndex,
            highlightColor: theme.highlight)
        if let xTitle {
            canvas.text(
                xTitle, at: Point(x: plot.midX, y: plot.maxY + Axis.tickLength + Axis.gap + plan.extent + 2),
                style: theme.labelStyle, align: .center, valign: .top, maxWidth: plot.width)
        }
        return f
    }
}
