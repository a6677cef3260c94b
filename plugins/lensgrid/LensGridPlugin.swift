import Analysis
import Charts
import Foundation
import PluginKit

/// What colours a cell of the grid.
public enum LensGridColoring: String, Sendable, CaseIterable {
    /// The top-1 token's probability.
    case top1Probability
    /// The probability of the prompt's actual next token (empty at the last position).
    case nextTokenProbability
}

/// Which residual stream the grid reads.
public enum LensGridStage: String, Sendable, CaseIterable {
    /// After each block (`resid[l]`, l = 0…L).
    case afterBlock
    /// After each block's attention, before its MLP (`resid_mid[l]`, l = 1…L).
    case afterAttention
}

/// A click on a cell: the position becomes the query position and the layer the selected layer.
public struct LensGridClick: Sendable, Equatable {
    public let position: Int
    public let layer: Int
    public init(position: Int, layer: Int) {
        self.position = position
        self.layer = layer
    }
}

/// The logit lens as a layers × positions grid: each cell's top-1 token, coloured by its probability
/// or by the probability of the prompt's next token. Long prompts are strided, always keeping the
/// last layer and the last position.
public final class LensGridPlugin: SnapshotPlugin {
    public var info: PluginInfo { LensGridPluginInfo.info }
    public var coloring: LensGridColoring = .top1Probability {
        didSet { host?.requestRedraw(self) }
    }
    public var stage: LensGridStage = .afterBlock {
        didSet { host?.requestRedraw(self) }
    }
    /// The cells drawn last: layout and which layer / position each row / column is.
    public private(set) var lastLayout: HeatmapLayout?
    public private(set) var lastRows: [Int] = []
    public private(set) var lastColumns: [Int] = []

    public let state = PluginState()

    public init() {}

    public func didDeactivate() {
        lastLayout = nil
    }

    /// The grid the current stage shows, if it is available.
    var grid: LensGrid? {
        guard let snapshot else { return nil }
        switch stage {
        case .afterBlock: return snapshot.grid
        case .afterAttention: return snapshot.midGrid
        }
    }

    /// The (layer, position) under `point`, from the last draw.
    public func cell(at point: Point) -> (layer: Int, position: Int)? {
        guard let layout = lastLayout, let c = layout.cell(at: point), c.row < lastRows.count,
            c.column < lastColumns.count
        else { return nil }
        return (lastRows[c.row], lastColumns[c.column])
    }

    /// A click sets the query position and the layer.
    public func click(at point: Point, size: Size) -> LensGridClick? {
        cell(at: point).map { LensGridClick(position: $0.position, layer: $0.layer) }
    }

    /// Colouring × stage, as the window's view picker lists them.
    public var views: [String] {
        ["Top-1 probability", "Next-token probability", "After attention: top-1", "After attention: next token"]
    }
    public var view: Int {
        get { (stage == .afterBlock ? 0 : 2) + (coloring == .top1Probability ? 0 : 1) }
        set {
            stage = newValue >= 2 ? .afterAttention : .afterBlock
            coloring = newValue % 2 == 0 ? .top1Probability : .nextTokenProbability
        }
    }

    /// The cell's top-5 (layer, position, then one candidate per line); a click makes the position the
    /// query position and the layer the selected layer.
    public func hover(at point: Point, size: Size) -> HoverInfo? {
        guard let (layer, position) = cell(at: point), let snapshot, let grid,
            let row = grid.layers.firstIndex(of: layer), position < grid.cells[row].count
        else { return nil }
        let run = snapshot.primary
        let where_ = stage == .afterBlock ? "after block \(layer)" : "after attention of block \(layer)"
        var lines = ["layer \(layer) (\(layer == 0 ? "embedding" : where_)), position \(position) "
            + PluginChrome.quoted(run.tokens[position].text)]
        for e in grid.cells[row][position].prefix(5) {
            lines.append("\(PluginChrome.quoted(e.text, max: 20))  p = \(format(e.prob))")
        }
        if position + 1 < run.tokens.count, let p = grid.nextTokenProbs[row][position] {
            lines.append("next token \(PluginChrome.quoted(run.tokens[position + 1].text)): p = \(format(p))")
        }
        return HoverInfo(lines: lines, at: point, token: position, layer: layer)
    }

    func format(_ p: Float) -> String { p >= 0.001 ? String(format: "%.3f", p) : String(format: "%.1e", p) }

    public func draw(_ canvas: Canvas, size: Size) throws {
        let theme = PluginChrome.theme(host)
        lastLayout = nil
        guard let snapshot else {
            PluginChrome.drawEmpty("Lens grid", canvas: canvas, size: size, theme: theme)
            return
        }
        PluginChrome.background(canvas, size: size, theme: theme)
        let title = stage == .afterBlock
            ? "Top-1 of the logit lens at every layer and position"
            : "Top-1 of the lens after attention (before each MLP)"
        let colouring = coloring == .top1Probability
            ? "colour: top-1 probability" : "colour: probability of the prompt's next token"
        let area = PluginChrome.header(
            title, subtitle: colouring, note: PluginChrome.progress(snapshot), canvas: canvas, size: size,
            theme: theme)
        guard let grid, !grid.layers.isEmpty else {
            let detail = snapshot.stage == .finished
                ? "The grid is read when the analysis asks for it (analyze --grid; in the window, with this view open)."
                : "The grid appears when the run has finished."
            PluginChrome.message("No grid yet", detail: detail, canvas: canvas, in: area, theme: theme)
            return
        }
        drawGrid(grid, snapshot: snapshot, in: area, canvas: canvas, theme: theme)
    }

    private func drawGrid(_ grid: LensGrid, snapshot: SessionSnapshot, in area: Rect, canvas: Canvas, theme: Theme) {
        let run = snapshot.primary
        let tokens = run.tokens.count
        // Columns at least 44 px wide, rows at least 15 px high; the rest is strided.
        let columns = GridSampling.indices(count: tokens, limit: Int((area.width - 110) / 44))
        let rowIndices = GridSampling.indices(count: grid.layers.count, limit: Int((area.height - 70) / 15))
        var values: [Double] = []
        var labels: [String] = []
        for r in rowIndices {
            for t in columns {
                let v: Float? = coloring == .top1Probability ? grid.topProbs[r][t] : grid.nextTokenProbs[r][t]
                values.append(v.map(Double.init) ?? .nan)
                labels.append(grid.topTexts[r][t])
            }
        }
        var chart = HeatmapChart(
            values: values, rows: rowIndices.count, columns: columns.count,
            rowLabels: rowIndices.map { "\(grid.layers[$0])" },
            columnLabels: columns.map { TokenLabel.display(run.tokens[$0].label, maxCharacters: 10) })
        chart.firstRowAtBottom = true
        chart.rowTitle = stage == .afterBlock ? "layer (0 = embedding)" : "block (after attention)"
        chart.columnTitle = "prompt position"
        chart.colorBarTitle = coloring == .top1Probability ? "top-1 probability" : "next-token probability"
        chart.valueRange = 0...1
        if let q = columns.firstIndex(of: run.queryPosition) { chart.highlightedColumn = q }
        let layout = chart.draw(on: canvas, in: area, theme: theme)
        lastLayout = layout
        lastRows = rowIndices.map { grid.layers[$0] }
        lastColumns = columns
        guard layout.cellWidth >= 22, layout.cellHeight >= 11 else { return }
        let map = theme.sequential
        let size = min(theme.fontSize - 1, layout.cellHeight * 0.62)
        for i in rowIndices.indices {
            for j in columns.indices {
                let value = values[i * columns.count + j]
                let fill = value.isFinite ? map.color(for: value, in: 0...1) : theme.background
                let ink = fill.contrastingText
                let rect = layout.rect(row: i, column: j)
                canvas.text(
                    TokenLabel.display(labels[i * columns.count + j], maxCharacters: 8),
                    at: Point(x: rect.x + rect.width / 2, y: rect.y + (rect.height - size * 1.25) / 2),
                    style: TextStyle(size: size, color: ink), align: .center, maxWidth: rect.width - 2)
            }
        }
    }
}
