import Analysis
import Charts
import HeatmapPlugin
import PluginKit
import Testing

@Suite("Heatmap rendering from fixture runs")
@MainActor
struct HeatmapRenderingTests {
    @Test("each cell has the colour of the reference mean-over-heads attention of the query row")
    func cellsMatchReference() throws {
        let snapshot = try #require(FixtureRun.full.finished)
        let (shape, attn) = try Fixtures.gpt2Attention()  // [L, H, T, T]
        let (layers, heads, tokens) = (shape[0], shape[1], shape[2])
        let q = tokens - 1
        let plugin = HeatmapPlugin()
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        let layout = try #require(plugin.lastLayout)
        #expect(layout.rows == layers && layout.columns == tokens)
        var expected = [[Double]](repeating: [Double](repeating: 0, count: tokens), count: layers)
        for l in 0..<layers {
            for t in 0..<tokens {
                var sum = 0.0
                for h in 0..<heads { sum += Double(attn[((l * heads + h) * tokens + q) * tokens + t]) }
                expected[l][t] = sum / Double(heads)
            }
        }
        let top = expected.flatMap { $0 }.max() ?? 1
        for l in 0..<layers {
            for t in 0..<tokens {
                let cell = layout.rect(row: l, column: t)
                let want = ColorMap.viridis.color(for: expected[l][t], in: 0...top)
                let got = render.color(at: Point(x: cell.midX, y: cell.midY))
                #expect(close(got, want, 0.03), "block \(l + 1), token \(t)")
            }
        }
        #expect(render.textOutside(Size(width: 900, height: 600)).isEmpty)
    }

    @Test("mid-stream the blocks not yet run stay grey")
    func midStream() throws {
        let snapshot = try #require(FixtureRun.full.midStream)
        let plugin = HeatmapPlugin()
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        let layout = try #require(plugin.lastLayout)
        let done = snapshot.heatmap.count
        #expect(done >= 1 && done < layout.rows)
        let pending = layout.rect(row: layout.rows - 1, column: 0)
        #expect(close(render.color(at: Point(x: pending.midX, y: pending.midY)), Color(hex: 0x808080), 0.02))
        let ready = layout.rect(row: 0, column: 0)
        #expect(!close(render.color(at: Point(x: ready.midX, y: ready.midY)), Color(hex: 0x808080), 0.02))
    }

    @Test("per-head view outlines the heads of the cluster selected in the shared selection")
    func perHeadCluster() throws {
        let snapshot = try #require(FixtureRun.full.finished)
        let clustering = try #require(snapshot.clustering)
        let cluster = try #require(clustering.clusters.firstIndex { !$0.heads.isEmpty })
        let host = OffscreenHost(selection: SharedSelection(cluster: cluster))
        let plugin = HeatmapPlugin()
        plugin.mode = .perHead
        plugin.activate(host: host)
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        #expect(plugin.lastPanels.count == snapshot.primary.info.layers * snapshot.primary.info.heads)
        for (head, panel) in plugin.lastPanels {
            let edges = [Point(x: panel.midX, y: panel.y + 1), Point(x: panel.x + 1, y: panel.midY)]
            let outlined = edges.allSatisfy { render.has(Theme.light.highlight, near: $0, radius: 0) }
            #expect(outlined == clustering.clusters[cluster].heads.contains(head), "\(head.label)")
        }
    }
}
