/// Where a legend goes. It never covers data: `.automatic` uses an empty inside corner when one
/// exists and otherwise moves the legend to the right of the plot.
public enum LegendPlacement: Sendable, Equatable { case automatic, right, top, hidden }

/// One legend row.
public struct LegendEntry: Sendable, Equatable {
    public var label: String
    public var color: Color
    public var marker: MarkerShape
    public var showsLine: Bool
    public init(label: String, color: Color, marker: MarkerShape = .none, showsLine: Bool = true) {
        self.label = label
        self.color = color
        self.marker = marker
        self.showsLine = showsLine
    }
}

/// A boxed list of entries.
public struct Legend: Sendable {
    public var entries: [LegendEntry]
    public var maxLabelWidth: Double
    public init(entries: [LegendEntry], maxLabelWidth: Double = 140) {
        self.entries = entries
        self.maxLabelWidth = maxLabelWidth
    }

    static let padding = 6.0
    static let swatch = 18.0

    public func size(on canvas: Canvas, theme: Theme) -> Size {
        guard !entries.isEmpty else { return Size(width: 0, height: 0) }
        let widest =
            entries.map { canvas.measure($0.label, style: theme.tickStyle, maxWidth: maxLabelWidth).width }
            .max() ?? 0
        let row = canvas.lineHeight(theme.tickStyle) + 2
        return Size(
            width: Legend.padding * 3 + Legend.swatch + widest,
            height: Legend.padding * 2 + row * Double(entries.count))
    }

    public func draw(on canvas: Canvas, at origin: Point, theme: Theme) {
        let s = size(on: canvas, theme: theme)
        let box = Rect(x: origin.x, y: origin.y, width: s.width, height: s.height)
        canvas.fill(box, color: theme.background.withAlpha(0.9))
        canvas.stroke(box, color: theme.grid, width: 1)
        let row = canvas.lineHeight(theme.tickStyle) + 2
        for (i, e) in entries.enumerated() {
            let y = box.y + Legend.padding + row * (Double(i) + 0.5)
            let x0 = box.x + Legend.padding
            if e.showsLine {
                canvas.line(
                    from: Point(x: x0, y: y), to: Point(x: x0 + Legend.swatch, y: y), color: e.color,
                    width: 2)
            }
            if e.marker != .none {
                canvas.marker(
                    e.marker, at: Point(x: x0 + Legend.swatch / 2, y: y), size: 6, fill: e.color,
                    stroke: theme.background, lineWidth: 0.8)
            }
            canvas.text(
                e.label, at: Point(x: x0 + Legend.swatch + Legend.padding, y: y),
                style: theme.tickStyle, valign: .middle, maxWidth: maxLabelWidth)
        }
    }

    /// The first inside corner of `plot` (top-right, top-left, bottom-right, bottom-left) whose box
    /// of `size` contains none of `obstacles`; nil when every corner holds data.
    public static func emptiestCorner(plot: Rect, size: Size, obstacles: [Point]) -> Point? {
        let m = 6.0
        guard size.width + 2 * m < plot.width, size.height + 2 * m < plot.height else { return nil }
        let corners = [
            Point(x: plot.maxX - m - size.width, y: plot.y + m), Point(x: plot.x + m, y: plot.y + m),
            Point(x: plot.maxX - m - size.width, y: plot.maxY - m - size.height),
            Point(x: plot.x + m, y: plot.maxY - m - size.height),
        ]
        for c in corners {
            let box = Rect(x: c.x - 4, y: c.y - 4, width: size.width + 8, height: size.height + 8)
            if !obstacles.contains(where: { box.contains(x: $0.x, y: $0.y) }) { return c }
        }
        return nil
    }

    /// Points along a polyline every `step` user units, so a corner test also sees the segments.
    public static func sample(_ points: [Point], step: Double = 3) -> [Point] {
        var out: [Point] = []
        for (a, b) in zip(points, points.dropFirst()) {
            guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { continue }
            let d = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            let n = max(1, Int(d / step))
            for k in 0...n {
                let t = Double(k) / Double(n)
                out.append(Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
            }
        }
        if points.count == 1, let p = points.first { out.append(p) }
        return out
    }
}
