import Foundation

/// Where a heatmap put everything, for hit-testing and tests.
public struct HeatmapLayout: Sendable, Equatable {
    public var plot: Rect
    public var cellWidth: Double
    public var cellHeight: Double
    public var rowLabels: CategoryLabelPlan
    public var columnLabels: CategoryLabelPlan
    public var colorBar: Rect?
    public var rows: Int
    public var columns: Int
    public var firstRowAtBottom: Bool

    /// The (row, column) under a point, or nil outside the cells.
    public func cell(at p: Point) -> (row: Int, column: Int)? {
        guard plot.contains(x: p.x, y: p.y), cellWidth > 0, cellHeight > 0 else { return nil }
        let c = min(columns - 1, Int((p.x - plot.x) / cellWidth))
        let r = min(rows - 1, Int((p.y - plot.y) / cellHeight))
        return (firstRowAtBottom ? rows - 1 - r : r, c)
    }

    /// The rectangle of cell (row, column).
    public func rect(row: Int, column: Int) -> Rect {
        let r = firstRowAtBottom ? rows - 1 - row : row
        return Rect(
            x: plot.x + Double(column) * cellWidth, y: plot.y + Double(r) * cellHeight,
            width: cellWidth, height: cellHeight)
    }
}

/// A matrix of values as coloured cells with row and column labels and a colour bar,
/// e.g. attention [T, T] or a logit-lens probability [L, T].
public struct HeatmapChart: Sendable {
    public var values: [Double]  // [rows, columns], row-major
    public var rows: Int
    public var columns: Int
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var title: String?
    public var rowTitle: String?
    public var columnTitle: String?
    public var colorBarTitle: String?
    /// nil uses the theme's sequential map (or diverging when `valueRange` straddles zero symmetrically).
    public var colorMap: ColorMap?
    /// nil fits the data; diverging maps are made symmetric around zero.
    public var valueRange: ClosedRange<Double>?
    public var showsValues: Bool = false
    public var firstRowAtBottom: Bool = false
    public var highlightedCell: (row: Int, column: Int)?
    public var highlightedRow: Int?
    public var highlightedColumn: Int?
    public var maxLabelWidth: Double = 90

    public init(
        values: [Double], rows: Int, columns: Int, rowLabels: [String] = [],
        columnLabels: [String] = [], title: String? = nil
    ) {
        self.values = values
        self.rows = max(rows, 0)
        self.columns = max(columns, 0)
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
    }

    func value(_ r: Int, _ c: Int) -> Double {
        let i = r * columns + c
        return i < values.count ? values[i] : .nan
    }

    func resolvedMap(_ theme: Theme) -> ColorMap { colorMap ?? theme.sequential }

    func resolvedRange(_ theme: Theme) -> ClosedRange<Double> {
        if let valueRange { return valueRange }
        let finite = values.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if resolvedMap(theme).isDiverging {
            let m = max(abs(lo), abs(hi), 1e-12)
            return -m...m
        }
        return lo < hi ? lo...hi : lo...(lo + 1)
    }

    /// Computes where the cells, labels and colour bar go without drawing anything.
    public func layout(on canvas: Canvas, in rect: Rect, theme: Theme) -> HeatmapLayout {
        let area = ChartLayout.titleArea(title, canvas: canvas, rect: rect, theme: theme)
        let style = theme.tickStyle
        let titleH = canvas.lineHeight(theme.labelStyle) + Axis.gap
        let rowPlanProbe = CategoryLabelPlan.vertical(
            rowLabels, band: .infinity, canvas: canvas, style: style,
            maxLabelWidth: maxLabelWidth)
        var left = rowPlanProbe.extent + Axis.tickLength + Axis.gap + (rowTitle == nil ? 0 : titleH)
        let bar = ColorBar(map: resolvedMap(theme), range: resolvedRange(theme), title: colorBarTitle)
        let right = bar.width(on: canvas, theme: theme) + 12
        var colPlan = CategoryLabelPlan.horizontal(
            columnLabels, band: 1, canvas: canvas, style: style,
            maxLabelWidth: maxLabelWidth)
        for _ in 0..<2 {
            let width = max(area.width - left - right, 1)
            colPlan = CategoryLabelPlan.horizontal(
                columnLabels, band: width / Double(max(columns, 1)),
                canvas: canvas, style: style, maxLabelWidth: maxLabelWidth)
            let band = width / Double(max(columns, 1))
            let need = colPlan.leftOverhang - band / 2 - (area.x - rect.x) + 2
            if need > left { left = need } else { break }
        }
        let bottom = colPlan.extent + Axis.tickLength + Axis.gap + (columnTitle == nil ? 0 : titleH + 2)
        let plot = area.inset(top: 4, left: left, bottom: bottom, right: right)
        let cw = plot.width / Double(max(columns, 1)), ch = plot.height / Double(max(rows, 1))
        let rowPlan = CategoryLabelPlan.vertical(
            rowLabels, band: ch, canvas: canvas, style: style,
            maxLabelWidth: maxLabelWidth)
        let barRect = Rect(x: plot.maxX + 12, y: plot.y, width: right - 12, height: plot.height)
        return HeatmapLayout(
            plot: plot, cellWidth: cw, cellHeight: ch, rowLabels: rowPlan, columnLabels: colPlan,
            colorBar: barRect, rows: rows, columns: columns, firstRowAtBottom: firstRowAtBottom)
    }

    /// Draws the heatmap into `rect` and returns its layout.
    @discardableResult
    public func draw(on canvas: Canvas, in rect: Rect, theme: Theme) -> HeatmapLayout {
        let l = layout(on: canvas, in: rect, theme: theme)
        let map = resolvedMap(theme), range = resolvedRange(theme)
        canvas.withSavedState {
            canvas.setAntialias(false)
            for r in 0..<rows {
                for c in 0..<columns {
                    canvas.fill(l.rect(row: r, column: c), color: map.color(for: value(r, c), in: range))
                }
            }
        }
        if showsValues && l.cellWidth >= 28 && l.cellHeight >= 14 {
            for r in 0..<rows {
                for c in 0..<columns {
                    let v = value(r, c), cell = l.rect(row: r, column: c)
                    let color = map.color(for: v, in: range).contrastingText
                    canvas.text(
                        String(format: "%.2f", v), at: Point(x: cell.midX, y: cell.midY),
                        style: TextStyle(size: min(9, l.cellHeight * 0.6), color: color),
                        align: .center, valign: .middle, maxWidth: cell.width - 2)
                }
            }
        }
        drawHighlights(l, canvas: canvas, theme: theme)
        canvas.stroke(l.plot, color: theme.axis, width: 0.8)
        let style = theme.tickStyle
        l.rowLabels.draw(
            rowLabels, positions: { l.rect(row: $0, column: 0).midY },
            edge: l.plot.x - Axis.tickLength - Axis.gap, vertical: true, canvas: canvas,
            style: style, highlight: highlightedRow ?? highlightedCell?.row,
            highlightColor: theme.highlight)
        l.columnLabels.draw(
            columnLabels, positions: { l.rect(row: 0, column: $0).midX },
            edge: l.plot.maxY + Axis.tickLength, vertical: false, canvas: canvas,
            style: style, highlight: highlightedColumn ?? highlightedCell?.column,
            highlightColor: theme.highlight)
        for i in l.rowLabels.indices {
            let y = l.rect(row: i, column: 0).midY
            canvas.line(
                from: Point(x: l.plot.x - Axis.tickLength, y: y), to: Point(x: l.plot.x, y: y),
                color: theme.axis)
        }
        for i in l.columnLabels.indices {
            let x = l.rect(row: 0, column: i).midX
            canvas.line(
                from: Point(x: x, y: l.plot.maxY), to: Point(x: x, y: l.plot.maxY + Axis.tickLength),
                color: theme.axis)
        }
        if let rowTitle {
            canvas.text(
                rowTitle,
                at: Point(
                    x: l.plot.x - Axis.tickLength - Axis.gap * 2 - l.rowLabels.extent,
                    y: l.plot.midY), style: theme.labelStyle, align: .center,
                valign: .bottom, rotation: 90, maxWidth: l.plot.height)
        }
        if let columnTitle {
            canvas.text(
                columnTitle,
                at: Point(
                    x: l.plot.midX,
                    y: l.plot.maxY + Axis.tickLength + Axis.gap
                        + l.columnLabels.extent + 2),
                style: theme.labelStyle, align: .center, valign: .top, maxWidth: l.plot.width)
        }
        if let barRect = l.colorBar {
            ColorBar(map: map, range: range, title: colorBarTitle).draw(on: canvas, in: barRect, theme: theme)
        }
        return l
    }

    private func drawHighlights(_ l: HeatmapLayout, canvas: Canvas, theme: Theme) {
        if let r = highlightedRow, r >= 0, r < rows {
            let a = l.rect(row: r, column: 0)
            canvas.stroke(
                Rect(x: l.plot.x, y: a.y, width: l.plot.width, height: a.height),
                color: theme.highlight, width: 1.5)
        }
        if let c = highlightedColumn, c >= 0, c < columns {
            let a = l.rect(row: 0, column: c)
            canvas.stroke(
                Rect(x: a.x, y: l.plot.y, width: a.width, height: l.plot.height),
                color: theme.highlight, width: 1.5)
        }
        if let cell = highlightedCell, cell.row >= 0, cell.row < rows, cell.column >= 0, cell.column < columns
        {
            canvas.stroke(l.rect(row: cell.row, column: cell.column), color: theme.highlight, width: 2)
        }
    }
}
