/// A vertical strip showing a colour map with a value axis on its right.
public struct ColorBar: Sendable {
    public var map: ColorMap
    public var range: ClosedRange<Double>
    public var title: String?
    public static let barWidth = 12.0

    public init(map: ColorMap, range: ClosedRange<Double>, title: String? = nil) {
        self.map = map
        self.range = range
        self.title = title
    }

    private var ticks: [Tick] {
        Scale(domain: range).ticks(count: 5)
    }

    /// Total width: bar, tick labels and rotated title.
    public func width(on canvas: Canvas, theme: Theme) -> Double {
        let labels = ticks.map { canvas.measure($0.label, style: theme.tickStyle).width }.max() ?? 0
        let title = (title?.isEmpty ?? true) ? 0 : canvas.lineHeight(theme.labelStyle) + 4
        return ColorBar.barWidth + Axis.tickLength + Axis.gap + labels + title + 4
    }

    /// Draws into the column `rect` (its height is the bar's height).
    public func draw(on canvas: Canvas, in rect: Rect, theme: Theme) {
        let bar = Rect(x: rect.x, y: rect.y, width: ColorBar.barWidth, height: rect.height)
        let n = 64
        canvas.fillGradient(
            bar, colors: (0...n).map { map.color(at: Double($0) / Double(n)) }, vertical: true)
        canvas.stroke(bar, color: theme.axis, width: 0.8)
        let scale = Scale(domain: range, start: bar.maxY, end: bar.y)
        var widest = 0.0
        for t in ticks {
            let y = scale(t.value)
            canvas.line(
                from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + Axis.tickLength, y: y),
                color: theme.axis)
            let s = canvas.text(
                t.label, at: Point(x: bar.maxX + Axis.tickLength + Axis.gap, y: y),
                style: theme.tickStyle, valign: .middle)
            widest = max(widest, s.width)
        }
        if let title, !title.isEmpty {
            let x = bar.maxX + Axis.tickLength + Axis.gap * 2 + widest
            canvas.text(
                title, at: Point(x: x, y: bar.midY), style: theme.labelStyle, align: .center,
                valign: .bottom, rotation: -90, maxWidth: rect.height)
        }
    }
}
