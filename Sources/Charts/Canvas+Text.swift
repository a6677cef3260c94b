import CCairo
import Foundation

/// How a string is set: size in user units, weight, colour.
public struct TextStyle: Sendable, Equatable {
    public var size: Double
    public var bold: Bool
    public var monospace: Bool
    public var color: Color
    public init(size: Double, bold: Bool = false, monospace: Bool = false, color: Color) {
        self.size = size
        self.bold = bold
        self.monospace = monospace
        self.color = color
    }
}

/// Horizontal anchor of a string relative to its point.
public enum HAlign: Sendable { case leading, center, trailing }
/// Vertical anchor of a string relative to its point.
public enum VAlign: Sendable { case top, middle, bottom }

extension Canvas {
    /// Makes a Pango layout for `text` in the current transform; the caller unrefs it.
    private func makeLayout(_ text: String, style: TextStyle, maxWidth: Double?) -> OpaquePointer? {
        guard let layout = pango_cairo_create_layout(cairo) else { return nil }
        guard let font = pango_font_description_new() else {
            g_object_unref(UnsafeMutableRawPointer(layout))
            return nil
        }
        pango_font_description_set_family(font, style.monospace ? "DejaVu Sans Mono" : fontFamily)
        pango_font_description_set_absolute_size(font, style.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)
        pango_layout_set_single_paragraph_mode(layout, 1)
        if let maxWidth, maxWidth > 0 {
            pango_layout_set_width(layout, Int32(min(maxWidth, 1e6) * Double(PANGO_SCALE)))
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        }
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    private func logicalSize(_ layout: OpaquePointer) -> Size {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        return Size(width: Double(logical.width) / scale, height: Double(logical.height) / scale)
    }

    /// The size `text` takes in `style`, capped at `maxWidth` (where it would be ellipsized).
    public func measure(_ text: String, style: TextStyle, maxWidth: Double? = nil) -> Size {
        guard let layout = makeLayout(text, style: style, maxWidth: maxWidth) else {
            return Size(width: 0, height: 0)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var size = logicalSize(layout)
        if let maxWidth { size.width = min(size.width, maxWidth) }
        return size
    }

    /// Line height of `style`, for spacing rows of labels.
    public func lineHeight(_ style: TextStyle) -> Double { measure("Ag", style: style).height }

    /// Draws one line of text anchored at `point`.
    ///
    /// `rotation` is in degrees, counter-clockwise, about the anchor point. Text wider than
    /// `maxWidth` ends in "…". Returns the drawn size (before rotation).
    @discardableResult
    public func text(
        _ text: String, at point: Point, style: TextStyle, align: HAlign = .leading,
        valign: VAlign = .top, rotation: Double = 0, maxWidth: Double? = nil
    ) -> Size {
        guard !text.isEmpty else { return Size(width: 0, height: 0) }
        cairo_save(cairo)
        defer { cairo_restore(cairo) }
        cairo_translate(cairo, point.x, point.y)
        if rotation != 0 { cairo_rotate(cairo, -rotation * Double.pi / 180) }
        guard let layout = makeLayout(text, style: style, maxWidth: maxWidth) else {
            return Size(width: 0, height: 0)
        }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        var size = logicalSize(layout)
        if let maxWidth { size.width = min(size.width, maxWidth) }
        let dx: Double
        switch align {
        case .leading: dx = 0
        case .center: dx = -size.width / 2
        case .trailing: dx = -size.width
        }
        let dy: Double
        switch valign {
        case .top: dy = 0
        case .middle: dy = -size.height / 2
        case .bottom: dy = -size.height
        }
        recordTextBox(text, [
            Point(x: dx, y: dy), Point(x: dx + size.width, y: dy),
            Point(x: dx, y: dy + size.height), Point(x: dx + size.width, y: dy + size.height),
        ])
        cairo_move_to(cairo, dx, dy)
        setSource(style.color)
        pango_cairo_show_layout(cairo, layout)
        return size
    }
}
