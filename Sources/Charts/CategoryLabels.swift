import Foundation

/// Which category labels to draw and how, so long token lists and deep models stay readable.
///
/// Labels are drawn horizontally when they all fit their band, else rotated 45°, else 90° and
/// thinned to every k-th label. Each label is ellipsized at `maxLabelWidth`.
public struct CategoryLabelPlan: Sendable, Equatable {
    /// Indices of the labels that are drawn.
    public var indices: [Int]
    /// 0, 45 or 90 degrees (counter-clockwise).
    public var rotation: Double
    public var maxLabelWidth: Double
    /// Space the labels take away from the plot edge.
    public var extent: Double
    /// How far the first label reaches left of its tick (rotated labels lean left).
    public var leftOverhang: Double

    /// Plans labels along a horizontal edge: `band` is the width of one category.
    static func horizontal(
        _ labels: [String], band: Double, canvas: Canvas, style: TextStyle,
        maxLabelWidth: Double
    ) -> CategoryLabelPlan {
        let widths = labels.map { canvas.measure($0, style: style, maxWidth: maxLabelWidth).width }
        let widest = widths.max() ?? 0
        let h = canvas.lineHeight(style)
        let all = Array(labels.indices)
        if widest + 4 <= band {
            return CategoryLabelPlan(
                indices: all, rotation: 0, maxLabelWidth: maxLabelWidth,
                extent: h, leftOverhang: (widths.first ?? 0) / 2)
        }
        let diag = sqrt(0.5)
        if h * 1.25 <= band * diag {
            let overhang = (widths.first ?? 0) * diag + h * diag / 2
            return CategoryLabelPlan(
                indices: all, rotation: 45, maxLabelWidth: maxLabelWidth,
                extent: widest * diag + h * diag, leftOverhang: overhang)
        }
        let stride = max(1, Int(ceil(h * 1.15 / max(band, 1e-6))))
        let picked = Swift.stride(from: 0, to: labels.count, by: stride).map { $0 }
        let widestPicked = picked.map { widths[$0] }.max() ?? 0
        return CategoryLabelPlan(
            indices: picked, rotation: 90, maxLabelWidth: maxLabelWidth,
            extent: widestPicked, leftOverhang: h / 2)
    }

    /// Plans labels along a vertical edge: `band` is the height of one category.
    static func vertical(
        _ labels: [String], band: Double, canvas: Canvas, style: TextStyle,
        maxLabelWidth: Double
    ) -> CategoryLabelPlan {
        let h = canvas.lineHeight(style)
        let stride = max(1, Int(ceil(h * 1.05 / max(band, 1e-6))))
        let picked = Swift.stride(from: 0, to: labels.count, by: stride).map { $0 }
        let widest = labels.map { canvas.measure($0, style: style, maxWidth: maxLabelWidth).width }.max() ?? 0
        return CategoryLabelPlan(
            indices: picked, rotation: 0, maxLabelWidth: maxLabelWidth,
            extent: widest, leftOverhang: 0)
    }

    /// Draws the planned labels under (or, for `vertical`, left of) their tick positions.
    func draw(
        _ labels: [String], positions: (Int) -> Double, edge: Double, vertical: Bool,
        canvas: Canvas, style: TextStyle, highlight: Int?, highlightColor: Color
    ) {
        for i in indices where i < labels.count {
            var s = style
            if i == highlight {
                s.bold = true
                s.color = highlightColor
            }
            let p = positions(i)
            if vertical {
                canvas.text(
                    labels[i], at: Point(x: edge, y: p), style: s, align: .trailing,
                    valign: .middle, maxWidth: maxLabelWidth)
            } else if rotation == 0 {
                canvas.text(
                    labels[i], at: Point(x: p, y: edge), style: s, align: .center, valign: .top,
                    maxWidth: maxLabelWidth)
            } else {
                let drop = rotation == 45 ? canvas.lineHeight(s) * 0.3 : 0
                canvas.text(
                    labels[i], at: Point(x: p, y: edge + drop), style: s, align: .trailing,
                    valign: .middle, rotation: rotation, maxWidth: maxLabelWidth)
            }
        }
    }
}
