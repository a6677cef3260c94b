import CCairo
import Foundation

/// Marker shapes for line and scatter series.
public enum MarkerShape: Sendable, Equatable {
    case none, circle, square, diamond, triangle
}

/// A drawing surface over a Cairo context, with Pango text (see `Canvas+Text.swift`).
///
/// The GTK shell hands its `cairo_t` (an `OpaquePointer` in Swift) to `init(cairo:)`, so chart code
/// draws on screen and into PNG/PDF/SVG files through the same calls. Coordinates are user units:
/// pixels on screen, points in a PDF.
public final class Canvas {
    /// The wrapped `cairo_t *`.
    public let cairo: OpaquePointer
    /// Font family for all text unless a style overrides it.
    public var fontFamily: String
    /// When true, `text` appends the device-space box of every string to `textBounds` (for tests).
    public var recordsTextBounds = false
    public private(set) var textBounds: [Rect] = []
    /// The strings drawn, in order, when `recordsTextBounds` is on (for tests).
    public private(set) var texts: [String] = []

    /// Wraps an existing context (for example GTK's); the canvas keeps a reference until it is freed.
    public init(cairo: OpaquePointer, fontFamily: String = "DejaVu Sans") {
        self.cairo = cairo
        self.fontFamily = fontFamily
        cairo_reference(cairo)
    }

    deinit { cairo_destroy(cairo) }

    /// Cairo's status as text, or nil when the context is fine.
    public var errorStatus: String? {
        let status = cairo_status(cairo)
        guard status != CAIRO_STATUS_SUCCESS else { return nil }
        return String(cString: cairo_status_to_string(status))
    }

    // MARK: State

    public func save() { cairo_save(cairo) }
    public func restore() { cairo_restore(cairo) }

    /// Runs `body` between save and restore, so clips and transforms do not leak.
    public func withSavedState<T>(_ body: () throws -> T) rethrows -> T {
        cairo_save(cairo)
        defer { cairo_restore(cairo) }
        return try body()
    }

    public func clip(to rect: Rect) {
        cairo_rectangle(cairo, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cairo)
    }

    public func translate(x: Double, y: Double) { cairo_translate(cairo, x, y) }

    /// Turns antialiasing off (crisp tiled heatmap cells) or back on.
    public func setAntialias(_ on: Bool) {
        cairo_set_antialias(cairo, on ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_NONE)
    }

    func setSource(_ c: Color) { cairo_set_source_rgba(cairo, c.red, c.green, c.blue, c.alpha) }

    private func setStroke(width: Double, dash: [Double]) {
        cairo_set_line_width(cairo, width)
        cairo_set_line_join(cairo, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cairo, dash.isEmpty ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        dash.withUnsafeBufferPointer { cairo_set_dash(cairo, $0.baseAddress, Int32($0.count), 0) }
    }

    // MARK: Shapes

    /// Fills the whole clip region (the background).
    public func paint(_ color: Color) {
        setSource(color)
        cairo_paint(cairo)
    }

    public func fill(_ rect: Rect, color: Color) {
        setSource(color)
        cairo_rectangle(cairo, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cairo)
    }

    public func stroke(_ rect: Rect, color: Color, width: Double = 1, dash: [Double] = []) {
        setSource(color)
        setStroke(width: width, dash: dash)
        cairo_rectangle(cairo, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(cairo)
    }

    public func line(from a: Point, to b: Point, color: Color, width: Double = 1, dash: [Double] = []) {
        setSource(color)
        setStroke(width: width, dash: dash)
        cairo_move_to(cairo, a.x, a.y)
        cairo_line_to(cairo, b.x, b.y)
        cairo_stroke(cairo)
    }

    /// Strokes connected segments; a non-finite point breaks the line into separate runs.
    public func polyline(_ points: [Point], color: Color, width: Double = 1.5, dash: [Double] = []) {
        setSource(color)
        setStroke(width: width, dash: dash)
        var penDown = false
        for p in points {
            guard p.x.isFinite, p.y.isFinite else {
                penDown = false
                continue
            }
            if penDown { cairo_line_to(cairo, p.x, p.y) } else { cairo_move_to(cairo, p.x, p.y) }
            penDown = true
        }
        cairo_stroke(cairo)
    }

    /// Fills a closed polygon.
    public func fillPolygon(_ points: [Point], color: Color) {
        guard let first = points.first else { return }
        setSource(color)
        cairo_move_to(cairo, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(cairo, p.x, p.y) }
        cairo_close_path(cairo)
        cairo_fill(cairo)
    }

    public func circle(
        center: Point, radius: Double, fill: Color?, stroke: Color? = nil,
        lineWidth: Double = 1
    ) {
        cairo_new_sub_path(cairo)
        cairo_arc(cairo, center.x, center.y, radius, 0, 2 * Double.pi)
        finishPath(fill: fill, stroke: stroke, lineWidth: lineWidth)
    }

    /// Draws a marker of `size` (its full width) centred on `center`.
    public func marker(
        _ shape: MarkerShape, at center: Point, size: Double, fill: Color?,
        stroke: Color? = nil, lineWidth: Double = 1
    ) {
        let r = size / 2
        switch shape {
        case .none:
            return
        case .circle:
            circle(center: center, radius: r, fill: fill, stroke: stroke, lineWidth: lineWidth)
            return
        case .square:
            cairo_new_sub_path(cairo)
            cairo_rectangle(cairo, center.x - r * 0.9, center.y - r * 0.9, r * 1.8, r * 1.8)
        case .diamond:
            cairo_new_sub_path(cairo)
            cairo_move_to(cairo, center.x, center.y - r * 1.2)
            cairo_line_to(cairo, center.x + r * 1.2, center.y)
            cairo_line_to(cairo, center.x, center.y + r * 1.2)
            cairo_line_to(cairo, center.x - r * 1.2, center.y)
            cairo_close_path(cairo)
        case .triangle:
            cairo_new_sub_path(cairo)
            cairo_move_to(cairo, center.x, center.y - r * 1.2)
            cairo_line_to(cairo, center.x + r * 1.1, center.y + r * 0.8)
            cairo_line_to(cairo, center.x - r * 1.1, center.y + r * 0.8)
            cairo_close_path(cairo)
        }
        finishPath(fill: fill, stroke: stroke, lineWidth: lineWidth)
    }

    private func finishPath(fill: Color?, stroke: Color?, lineWidth: Double) {
        if let fill {
            setSource(fill)
            if stroke != nil { cairo_fill_preserve(cairo) } else { cairo_fill(cairo) }
        }
        if let stroke {
            setSource(stroke)
            setStroke(width: lineWidth, dash: [])
            cairo_stroke(cairo)
        }
        cairo_new_path(cairo)
    }

    /// Fills `rect` with a linear gradient through `colors`, bottom-to-top when `vertical`.
    public func fillGradient(_ rect: Rect, colors: [Color], vertical: Bool) {
        guard colors.count > 1,
            let pattern = vertical
                ? cairo_pattern_create_linear(rect.x, rect.maxY, rect.x, rect.y)
                : cairo_pattern_create_linear(rect.x, rect.y, rect.maxX, rect.y)
        else { return }
        defer { cairo_pattern_destroy(pattern) }
        for (i, c) in colors.enumerated() {
            let offset = Double(i) / Double(colors.count - 1)
            cairo_pattern_add_color_stop_rgba(pattern, offset, c.red, c.green, c.blue, c.alpha)
        }
        cairo_set_source(cairo, pattern)
        cairo_rectangle(cairo, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cairo)
    }

    func recordTextBox(_ text: String, _ corners: [Point]) {
        guard recordsTextBounds else { return }
        texts.append(text)
        var xs: [Double] = [], ys: [Double] = []
        for c in corners {
            var x = c.x, y = c.y
            cairo_user_to_device(cairo, &x, &y)
            xs.append(x)
            ys.append(y)
        }
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return }
        textBounds.append(Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
    }
}
