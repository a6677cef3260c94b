/// A selected region in data coordinates: an x-range, a y-range, or both (a box).
public struct SelectionBand: Sendable, Equatable {
    public var x: ClosedRange<Double>?
    public var y: ClosedRange<Double>?
    public init(x: ClosedRange<Double>? = nil, y: ClosedRange<Double>? = nil) {
        self.x = x
        self.y = y
    }
}

/// The plot rectangle and scales a chart used, for hit-testing clicks and drawing overlays.
public struct ChartFrame: Sendable, Equatable {
    public var plot: Rect
    public var x: Scale
    public var y: Scale

    /// The data coordinates under a point in the chart, or nil outside the plot area.
    public func dataPoint(at p: Point) -> Point? {
        guard plot.contains(x: p.x, y: p.y) else { return nil }
        return Point(x: x.invert(p.x), y: y.invert(p.y))
    }
}

/// Selection and highlight drawn over a chart's plot area.
public enum Overlay {
    /// A translucent band with edge lines over the selected range, clipped to the plot.
    public static func drawSelection(
        _ band: SelectionBand, frame: ChartFrame, on canvas: Canvas,
        theme: Theme
    ) {
        let p = frame.plot
        var r = p
        if let xr = band.x {
            let a = frame.x(xr.lowerBound), b = frame.x(xr.upperBound)
            r.x = max(p.x, min(a, b))
            r.width = min(p.maxX, max(a, b)) - r.x
        }
        if let yr = band.y {
            let a = frame.y(yr.lowerBound), b = frame.y(yr.upperBound)
            r.y = max(p.y, min(a, b))
            r.height = min(p.maxY, max(a, b)) - r.y
        }
        guard r.width > 0, r.height > 0 else { return }
        canvas.fill(r, color: theme.selectionFill)
        canvas.stroke(r, color: theme.selectionStroke, width: 1, dash: [4, 3])
    }

    /// A vertical cursor line at data `x` (for example the chosen layer).
    public static func drawCursor(x: Double, frame: ChartFrame, on canvas: Canvas, theme: Theme) {
        let px = frame.x(x)
        guard px >= frame.plot.x - 0.5, px <= frame.plot.maxX + 0.5 else { return }
        canvas.line(
            from: Point(x: px, y: frame.plot.y), to: Point(x: px, y: frame.plot.maxY),
            color: theme.highlight, width: 1.2, dash: [5, 3])
    }
}

/// Space reserved around the plot for the title and outer padding.
enum ChartLayout {
    static let padding = 10.0

    /// The area below the title, without drawing it.
    static func titleAreaSize(_ title: String?, canvas: Canvas, rect: Rect, theme: Theme) -> Rect {
        let inner = rect.inset(top: padding, left: padding, bottom: padding, right: padding)
        guard let title, !title.isEmpty else { return inner }
        return inner.inset(top: canvas.measure(title, style: theme.titleStyle).height + 8)
    }

    /// Draws the title (if any) and returns the remaining area below it.
    static func titleArea(_ title: String?, canvas: Canvas, rect: Rect, theme: Theme) -> Rect {
        let inner = rect.inset(top: padding, left: padding, bottom: padding, right: padding)
        guard let title, !title.isEmpty else { return inner }
        let s = canvas.text(
            title, at: Point(x: inner.midX, y: inner.y), style: theme.titleStyle,
            align: .center, maxWidth: inner.width)
        return inner.inset(top: s.height + 8)
    }
}
