import Analysis
import AttributionPlugin
import Charts
import Foundation
import LensGridPlugin
import HeatmapPlugin
import PatchingPlugin
import PluginKit
import Testing
@testable import TimelinePlugin

/// gpt2-tiny on p0 with a contrast, the grid after attention and a corrupted prompt: every depth view.
extension FixtureRun {
    static let depth: FixtureRun = {
        var options = AnalysisOptions()
        options.clusterHeads = false
        options.contrast = ContrastPair("things", "people")
        options.grid = true
        options.midGrid = true
        options.patchPrompt = "The city is full of amazing"
        return run(AnalysisRequest(prompt: Fixtures.prompt, model: .folder(Fixtures.gpt2), options: options))
    }()
}

@Suite("Depth views: lens grid, attribution and patching plugins")
@MainActor
struct DepthRenderingTests {
    /// Where `TOKENGEN_RENDER_DIR` asks for the renders to be kept (to look at them), if anywhere.
    static func keep(_ plugin: any VisualizationPlugin, name: String, size: Size = Size(width: 900, height: 600)) throws {
        guard let dir = ProcessInfo.processInfo.environment["TOKENGEN_RENDER_DIR"] else { return }
        try? FileManager.default.removeItem(atPath: "\(dir)/\(name).png")
        try PluginExporter.export(plugin, to: "\(dir)/\(name).png", size: size, scale: 1)
    }

    @Test("the three plugins pass checkPlugin")
    func conformance() throws {
        try checkPlugin({ LensGridPlugin() }, runs: [.depth, .plain])
        try checkPlugin({
            let p = LensGridPlugin()
            p.coloring = .nextTokenProbability
            p.stage = .afterAttention
            return p
        }, runs: [.depth, .plain])
        try checkPlugin({ AttributionPlugin() }, runs: [.depth, .plain])
        try checkPlugin({ PatchingPlugin() }, runs: [.depth, .plain])
    }

    @Test("a lens-grid cell shows the top-1 of that layer and position; hover lists its top-5, a click names it")
    func lensGrid() throws {
        let snapshot = try #require(FixtureRun.depth.snapshots.last)
        let plugin = LensGridPlugin()
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        try Self.keep(plugin, name: "lens-grid")
        let layout = try #require(plugin.lastLayout)
        let layers = snapshot.primary.info.layers
        let last = snapshot.primary.tokens.count - 1
        #expect(plugin.lastRows.last == layers && plugin.lastColumns.last == last)
        // The top-right cell is (L, last); its colour is the top-1 probability on the sequential map.
        let rect = layout.rect(row: layers, column: last)
        let p = Double(try #require(snapshot.grid).topProbs[layers][last])
        let want = Theme.light.sequential.color(for: p, in: 0...1)
        #expect(render.has(want, near: Point(x: rect.x + 3, y: rect.y + 3), tolerance: 0.05))
        let centre = Point(x: rect.x + rect.width / 2, y: rect.y + rect.height / 2)
        #expect(plugin.click(at: centre, size: Size(width: 900, height: 600)) == LensGridClick(position: last, layer: layers))
        let info = try #require(plugin.hover(at: centre, size: Size(width: 900, height: 600)))
        // What the window's click acts on: the query position and the layer.
        #expect(info.token == last && info.layer == layers && info.head == nil)
        let hover = info.lines.joined(separator: "\n")
        let top = try #require(snapshot.grid?.cells[layers][last])
        #expect(hover.split(separator: "\n").count == 1 + 5)
        #expect(hover.contains(String(format: "%.3f", top[0].prob)))
        #expect(render.textOutside(Size(width: 900, height: 600)).isEmpty)
        plugin.stage = .afterAttention
        _ = try Render.draw(plugin)
        try Self.keep(plugin, name: "lens-grid-mid")
        #expect(plugin.lastRows == Array(1...layers))
    }

    @Test("a long prompt is strided but keeps the last layer and the last position")
    func striding() {
        let picked = GridSampling.indices(count: 200, limit: 12)
        #expect(picked.count <= 12 && picked.first == 0 && picked.last == 199)
        #expect(GridSampling.indices(count: 5, limit: 12) == [0, 1, 2, 3, 4])
        #expect(GridSampling.indices(count: 31, limit: 1) == [30])
    }

    @Test("attribution draws one head cell per block and head; a click names the head")
    func attribution() throws {
        let snapshot = try #require(FixtureRun.depth.snapshots.last)
        let a = try #require(snapshot.attribution)
        #expect(a.baseline != nil)
        let plugin = AttributionPlugin()
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        try Self.keep(plugin, name: "attribution")
        let layout = try #require(plugin.lastHeadLayout)
        #expect(layout.rows == a.layers.count && layout.columns == snapshot.primary.info.heads)
        let rect = layout.rect(row: 1, column: 2)
        let click = plugin.click(at: Point(x: rect.midX, y: rect.midY), size: Size(width: 900, height: 600))
        #expect(click == AttributionHead(layer: 2, head: 2))
        // What the window's click acts on: that head (0-based block), no token or layer.
        let info = plugin.hover(at: Point(x: rect.midX, y: rect.midY), size: Size(width: 900, height: 600))
        #expect(info?.head == HeadID(layer: 1, head: 2) && info?.token == nil && info?.layer == nil)
        #expect(render.textOutside(Size(width: 900, height: 600)).isEmpty)
        _ = try Render.draw(plugin, size: Size(width: 480, height: 640))
        try Self.keep(plugin, name: "attribution-narrow", size: Size(width: 480, height: 640))
    }

    @Test("the Timeline's view picker lists the scales after attention; picking one switches the stage")
    func timelinePicker() throws {
        let plugin = TimelinePlugin()
        plugin.update(try #require(FixtureRun.depth.snapshots.last))
        #expect(plugin.views.count == 7 && plugin.views[4].hasPrefix("After attention"))
        plugin.view = 5
        #expect(plugin.afterAttention && plugin.scale == .logProbability && !plugin.showsTable && plugin.view == 5)
        _ = try Render.draw(plugin)
        // The subtitle names the top-1 after the last block's attention with its probability there (it
        // once gave that token's probability in the model's output).
        let snapshot = try #require(FixtureRun.depth.snapshots.last)
        let mid = try #require(snapshot.primary.midLens.last)
        let top = try #require(mid.top[snapshot.primary.queryPosition].first)
        let model = try #require(plugin.model)
        let text = plugin.subtitle(model, position: "q")
        #expect(text == "q · top-1 after the last attention \(PluginChrome.quoted(top.text)) p = \(String(format: "%.3f", exp(Double(top.logprob))))", "\(text)")
        let output = try #require(snapshot.primary.lens.last?.queryLogprobs[top.id])
        #expect(abs(exp(Double(output)) - exp(Double(top.logprob))) > 1e-3, "the test needs the two to differ")
        plugin.view = 0
        #expect(!plugin.afterAttention && plugin.scale == .probability && plugin.view == 0)
        plugin.view = 3
        #expect(plugin.showsTable && plugin.view == 3)
        // The lens grid's picker has the stage too.
        let grid = LensGridPlugin()
        grid.view = 2
        #expect(grid.stage == .afterAttention && grid.views[2].hasPrefix("After attention"))
    }

    @Test("a head chosen in Attribution is outlined in the Heatmap's every-head view")
    func chosenHead() throws {
        let plugin = HeatmapPlugin()
        let host = OffscreenHost(selection: SharedSelection(head: HeadID(layer: 1, head: 2)))
        plugin.activate(host: host)
        plugin.update(try #require(FixtureRun.depth.snapshots.last))
        plugin.view = 1
        #expect(plugin.highlightedHeads == [HeadID(layer: 1, head: 2)])
        _ = try Render.draw(plugin)
        #expect(plugin.lastPanels[HeadID(layer: 1, head: 2)] != nil)
        #expect(SharedSelection(depth: SharedSelection.depth(ofLayer: 2, layerCount: 2)).layers(of: 2) == 2...2)
        #expect(SharedSelection(depth: SharedSelection.depth(ofLayer: 0, layerCount: 2)).layers(of: 2) == 0...0)
    }

    @Test("patching fills in layer by layer: rows not computed yet stay empty")
    func patching() throws {
        let partial = try #require(FixtureRun.depth.updates.first {
            if case .patching(let s) = $0 { return s.patching?.layersDone == 2 }
            return false
        }?.snapshot)
        let plugin = PatchingPlugin()
        plugin.update(partial)
        let render = try Render.draw(plugin)
        try Self.keep(plugin, name: "patching-partial")
        let layout = try #require(plugin.lastLayout)
        // Rows L and L−1 are done (the sweep runs from the last layer down); row 0 is not: a masked
        // (grey) cell, where a computed value would be on the blue–red map.
        #expect(partial.patching?.values[0][1] == nil)
        let empty = render.color(at: Point(x: layout.rect(row: 0, column: 1).midX, y: layout.rect(row: 0, column: 1).midY))
        #expect(abs(empty.red - empty.green) < 0.02 && abs(empty.green - empty.blue) < 0.02 && empty.red < 0.9)
        // The finished analysis is the last update (patching updates already carry stage .finished).
        let finished = try #require(FixtureRun.depth.snapshots.last)
        #expect(finished.patching?.isComplete == true)
        plugin.update(finished)
        _ = try Render.draw(plugin)
        try Self.keep(plugin, name: "patching")
        let done = try #require(plugin.lastLayout)
        let restored = done.rect(row: 0, column: 1)  // "world" → "city" at the embedding: 1
        let hover = try #require(plugin.hover(at: Point(x: restored.midX, y: restored.midY), size: Size(width: 900, height: 600)))
        #expect(hover.text.contains("1.000"))
    }
}
