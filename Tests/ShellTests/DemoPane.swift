import CGtk
@testable import Shell

/// A pane that draws a few shapes and remembers its selection: a stand-in for a plugin pane in tests.
@MainActor final class DemoPane: ChartPane {
    let title: String
    private let hue: Double
    private(set) var drawCount = 0
    private(set) var lastSelection: SelectionRect?
    private(set) var selectionEvents = 0
    /// Bars shown; the demo grows them as fake "layers" arrive.
    var values: [Double] = [0.2, 0.5, 0.35, 0.8, 0.6]

    init(title: String, hue: Double) {
        self.title = title
        self.hue = hue
    }

    func draw(_ cr: OpaquePointer, width: Double, height: Double) {
        drawCount += 1
        let dark = SystemAppearance.isDark
        cairo_set_source_rgb(cr, dark ? 0.12 : 0.98, dark ? 0.12 : 0.98, dark ? 0.13 : 0.98)
        cairo_paint(cr)
        let margin = 30.0
        let slot = (width - 2 * margin) / Double(max(values.count, 1))
        for (index, value) in values.enumerated() {
            let barHeight = (height - 2 * margin) * value
            cairo_set_source_rgb(cr, hue, 0.45, 1 - hue)
            cairo_rectangle(
                cr, margin + Double(index) * slot + 4, height - margin - barHeight, slot - 8, barHeight)
            cairo_fill(cr)
        }
        cairo_new_sub_path(cr)
        cairo_arc(cr, width - 60, 60, 24, 0, 2 * Double.pi)
        cairo_set_source_rgb(cr, 1 - hue, 0.6, hue)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, dark ? 0.9 : 0.1, dark ? 0.9 : 0.1, dark ? 0.9 : 0.1)
        cairo_move_to(cr, margin, margin - 8)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 14)
        cairo_show_text(cr, "\(title) — \(Int(width))×\(Int(height))")
    }

    func selectionChanged(_ rect: SelectionRect?) {
        lastSelection = rect
        selectionEvents += 1
    }
}
