import Analysis
import Charts
import ContrastPlugin
import PluginKit
import Testing

@Suite("Contrast rendering from fixture runs")
@MainActor
struct ContrastRenderingTests {
    @Test("one bar per layer, coloured by the sign of log p(A) − log p(B)")
    func bars() throws {
        let snapshot = try #require(FixtureRun.full.finished)
        let contrast = try #require(snapshot.contrast)
        #expect(contrast.a.encodedForm == " things" && contrast.b.encodedForm == " people")
        #expect(contrast.rows.count == snapshot.primary.info.layers + 1)
        let plugin = ContrastPlugin()
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        let frame = try #require(plugin.lastFrame)
        for row in contrast.rows {
            let y0 = frame.y(0), y1 = frame.y(row.logprobDiff)
            guard abs(y1 - y0) >= 4 else { continue }
            let want = row.logprobDiff > 0 ? Theme.light.seriesColor(0) : Theme.light.seriesColor(1)
            let got = render.color(at: Point(x: frame.x(Double(row.layer)), y: (y0 + y1) / 2))
            #expect(close(got, want, 0.03), "layer \(row.layer)")
        }
        #expect(render.textOutside(Size(width: 900, height: 600)).isEmpty)
    }

    @Test("mid-stream it draws the layers done only")
    func midStream() throws {
        let snapshot = try #require(FixtureRun.full.midStream)
        let contrast = try #require(snapshot.contrast)
        let plugin = ContrastPlugin()
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        let frame = try #require(plugin.lastFrame)
        let next = Double(contrast.rows.count)
        let x = frame.x(next)
        let colours = [Theme.light.seriesColor(0), Theme.light.seriesColor(1)]
        for y in stride(from: frame.plot.y + 1, to: frame.plot.maxY - 1, by: 1) {
            #expect(!colours.contains { close(render.color(at: Point(x: x, y: y)), $0, 0.03) })
        }
    }

    @Test("with no candidates it says so and draws no bars")
    func missing() throws {
        let plugin = ContrastPlugin()
        plugin.update(try #require(FixtureRun.plain.finished))
        let render = try Render.draw(plugin)
        #expect(plugin.lastFrame == nil)
        #expect(render.count(Theme.light.seriesColor(1)) == 0)
        #expect(!render.textBounds.isEmpty)
    }
}
