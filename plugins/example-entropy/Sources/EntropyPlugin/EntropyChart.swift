import CEntropyCairo
import Foundation

/// Entropy and KL(final ‖ layer) against layer, two lines on one nats axis, drawn with plain Cairo.
struct EntropyChart {
    let payload: EntropyPayload
    let dark: Bool

    private struct RGB {
        var r, g, b: Double
    }

    private var background: RGB { dark ? RGB(r: 0.12, g: 0.12, b: 0.13) : RGB(r: 1, g: 1, b: 1) }
    private var foreground: RGB { dark ? RGB(r: 0.9, g: 0.9, b: 0.9) : RGB(r: 0.15, g: 0.15, b: 0.15) }
    private var grid: RGB { dark ? RGB(r: 0.28, g: 0.28, b: 0.3) : RGB(r: 0.88, g: 0.88, b: 0.88) }
    /// Entropy: blue; KL: orange (the Tableau pair, readable on both themes).
    static let entropyColor = (r: 0.122, g: 0.467, b: 0.706)
    static let klColor = (r: 1.0, g: 0.498, b: 0.055)

    func draw(_ cr: OpaquePointer, width: Double, height: Double) {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        set(cr, background)
        cairo_rectangle(cr, 0, 0, width, height)
        cairo_fill(cr)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 13)
        set(cr, foreground)
        text(
            cr, "Entropy and KL per layer" + (payload.model.isEmpty ? "" : " — \(payload.model)"), x: 12,
            y: 20)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 11)
        let plot = (x: 52.0, y: 34.0, w: width - 52 - 16, h: height - 34 - 36)
        guard plot.w > 20, plot.h > 20 else { return }
        guard !payload.metrics.isEmpty else {
            text(cr, "Waiting for the analysis…", x: plot.x, y: plot.y + plot.h / 2)
            return
        }
        let maxLayer = Double(max(payload.layerCount, payload.metrics.map(\.layer).max() ?? 1, 1))
        let values = payload.metrics.flatMap { [$0.entropy, $0.klFromFinal] }.filter(\.isFinite)
        let top = max(values.max() ?? 1, 1e-6) * 1.05
        func px(_ layer: Double) -> Double { plot.x + layer / maxLayer * plot.w }
        func py(_ v: Double) -> Double { plot.y + plot.h - min(max(v, 0), top) / top * plot.h }

        cairo_set_line_width(cr, 1)
        for i in 0...4 {
            let v = top * Double(i) / 4
            set(cr, grid)
            cairo_move_to(cr, plot.x, py(v))
            cairo_line_to(cr, plot.x + plot.w, py(v))
            cairo_stroke(cr)
            set(cr, foreground)
            text(cr, String(format: "%.2g", v), x: 6, y: py(v) + 4)
        }
        let step = max(1, Int((maxLayer / 6).rounded(.up)))
        for layer in stride(from: 0, through: Int(maxLayer), by: step) {
            text(cr, "\(layer)", x: px(Double(layer)) - 4, y: plot.y + plot.h + 15)
        }
        text(cr, "layer", x: plot.x + plot.w / 2 - 12, y: height - 6)
        line(cr, payload.metrics.map { (px(Double($0.layer)), py($0.entropy)) }, color: Self.entropyColor)
        line(cr, payload.metrics.map { (px(Double($0.layer)), py($0.klFromFinal)) }, color: Self.klColor)
        legend(cr, x: plot.x + plot.w - 150, y: plot.y + 6)
    }

    private func line(
        _ cr: OpaquePointer, _ points: [(Double, Double)], color: (r: Double, g: Double, b: Double)
    ) {
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        cairo_set_line_width(cr, 2.5)
        for (i, p) in points.enumerated() {
            if i == 0 { cairo_move_to(cr, p.0, p.1) } else { cairo_line_to(cr, p.0, p.1) }
        }
        cairo_stroke(cr)
        for p in points {
            cairo_new_sub_path(cr)
            cairo_arc(cr, p.0, p.1, 3.5, 0, 2 * Double.pi)
            cairo_fill(cr)
        }
    }

    private func legend(_ cr: OpaquePointer, x: Double, y: Double) {
        for (i, entry) in [("entropy (nats)", Self.entropyColor), ("KL from final", Self.klColor)]
            .enumerated()
        {
            let row = y + Double(i) * 16
            cairo_set_source_rgb(cr, entry.1.r, entry.1.g, entry.1.b)
            cairo_rectangle(cr, x, row, 18, 4)
            cairo_fill(cr)
            set(cr, foreground)
            text(cr, entry.0, x: x + 24, y: row + 6)
        }
    }

    private func set(_ cr: OpaquePointer, _ c: RGB) { cairo_set_source_rgb(cr, c.r, c.g, c.b) }

    private func text(_ cr: OpaquePointer, _ s: String, x: Double, y: Double) {
        cairo_move_to(cr, x, y)
        cairo_show_text(cr, s)
    }
}
