import Analysis
import Charts
import ClusteringPlugin
import PluginKit
import Testing

@Suite("Clustering rendering from fixture runs")
@MainActor
struct ClusteringRenderingTests {
    @Test("every head is a point in its cluster's colour, and a drag selects that cluster")
    func points() throws {
        let snapshot = try #require(FixtureRun.full.finished)
        let result = try #require(snapshot.clustering)
        let plugin = ClusteringPlugin()
        plugin.activate(host: OffscreenHost())
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        let frame = try #require(plugin.lastFrame)
        #expect(plugin.lastStrips?.rows == result.clusters.count)
        var found = 0
        for i in 0..<result.embedding.count {
            let p = result.embedding.row(i)
            let c = Point(x: frame.x(Double(p[0])), y: frame.y(Double(p[1])))
            if render.has(Theme.light.seriesColor(result.labels[i]), near: c, radius: 1) { found += 1 }
            let pick = plugin.selection(
                for: Rect(x: c.x - 1, y: c.y - 1, width: 2, height: 2),
                size: Size(
                    width: 900, height: 600))
            #expect(pick?.cluster == result.labels[i])
        }
        // Points can hide each other; most must show their own colour.
        #expect(found * 10 >= result.embedding.count * 8)
        #expect(render.textOutside(Size(width: 900, height: 600)).isEmpty)
    }

    @Test("says why there is no map when clustering was off, and draws none mid-stream")
    func missing() throws {
        let plugin = ClusteringPlugin()
        plugin.update(try #require(FixtureRun.plain.finished))
        _ = try Render.draw(plugin)
        #expect(plugin.lastFrame == nil)
        plugin.update(try #require(FixtureRun.full.midStream))
        let render = try Render.draw(plugin)
        #expect(plugin.lastFrame == nil)
        #expect(!render.textBounds.isEmpty)
    }
}
