import Testing
@testable import Charts

@Suite("Layout")
struct LayoutTests {
    @Test("a 30 × 40 heatmap thins its labels and draws no text outside the surface")
    func bigHeatmap() throws {
        let size = Size(width: 480, height: 360)
        var layout: HeatmapLayout?
        var bounds: [Rect] = []
        _ = try ChartExporter.renderImage(size: size) { canvas, size in
            canvas.recordsTextBounds = true
            var h = HeatmapChart(
                values: Samples.logitLens(rows: 30, columns: 40), rows: 30, columns: 40,
                rowLabels: (0..<30).map { "layer \($0)" },
                columnLabels: (0..<40).map { "␣token\($0)" }, title: "Attention")
            h.rowTitle = "layer"
            h.columnTitle = "key token"
            layout = h.draw(on: canvas, in: Rect(size: size), theme: .light)
            bounds = canvas.textBounds
        }
        let l = try #require(layout)
        #expect(l.columnLabels.indices.count < 40)
        #expect(l.columnLabels.indices.first == 0)
        #expect(l.columnLabels.rotation == 90)
        #expect(l.rowLabels.indices.count < 30)
        #expect(!bounds.isEmpty)
        for b in bounds {
            #expect(b.x >= -0.5 && b.y >= -0.5 && b.maxX <= size.width + 0.5 && b.maxY <= size.height + 0.5)
        }
        // Drawn column labels never overlap each other.
        let cells = l.columnLabels.indices.map { l.rect(row: 0, column: $0).midX }
        let gaps = zip(cells, cells.dropFirst()).map { $1 - $0 }
        #expect(gaps.allSatisfy { $0 >= 10 })
        #expect(l.cell(at: Point(x: l.plot.x + 1, y: l.plot.y + 1))?.column == 0)
    }

    @Test("a few short column labels stay horizontal and all shown")
    func fewLabels() throws {
        var layout: HeatmapLayout?
        _ = try ChartExporter.renderImage(size: Size(width: 600, height: 300)) { canvas, size in
            let h = HeatmapChart(
                values: [0, 1, 2, 3, 4, 5], rows: 2, columns: 3, rowLabels: ["a", "b"],
                columnLabels: ["x", "y", "z"])
            layout = h.draw(on: canvas, in: Rect(size: size), theme: .light)
        }
        let l = try #require(layout)
        #expect(l.columnLabels.indices == [0, 1, 2])
        #expect(l.columnLabels.rotation == 0)
    }

    @Test("the legend goes to an empty corner, or outside when every corner holds data")
    func legendAvoidsData() {
        let plot = Rect(x: 0, y: 0, width: 200, height: 100)
        let size = Size(width: 50, height: 30)
        let topRight = Legend.emptiestCorner(plot: plot, size: size, obstacles: [Point(x: 10, y: 10)])
        #expect(topRight == Point(x: 144, y: 6))
        let corners = [Point(x: 10, y: 10), Point(x: 190, y: 10), Point(x: 10, y: 90), Point(x: 190, y: 90)]
        #expect(Legend.emptiestCorner(plot: plot, size: size, obstacles: corners) == nil)
    }

    @Test("a line chart whose data fills every corner puts its legend right of the plot")
    func legendOutside() throws {
        var frame: ChartFrame?
        _ = try ChartExporter.renderImage(size: Size(width: 400, height: 300)) { canvas, size in
            let xs = (0...20).map(Double.init)
            let chart = LineChart(series: [
                LineSeries(name: "a", xs: xs, ys: xs.map { $0.truncatingRemainder(dividingBy: 2) }),
                LineSeries(name: "b", xs: xs, ys: xs.map { 1 - $0.truncatingRemainder(dividingBy: 2) }),
            ])
            frame = chart.draw(on: canvas, in: Rect(size: size), theme: .light)
        }
        let f = try #require(frame)
        #expect(f.plot.maxX < 400 - 50)
    }
}
