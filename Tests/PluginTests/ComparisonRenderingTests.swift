import Analysis
import Charts
import ComparisonPlugin
import PluginKit
import Testing

@Suite("Comparison rendering from fixture runs")
@MainActor
struct ComparisonRenderingTests {
    @Test("the selection is a band over its depths, and agreeing depths are filled in the strip")
    func bandAndAgreement() throws {
        let snapshot = try #require(FixtureRun.full.finished)
        let comparison = try #require(snapshot.comparison)
        #expect(!comparison.sameVocabulary)
        #expect(comparison.layers.count == snapshot.primary.info.layers + 1)
        let plugin = ComparisonPlugin()
        plugin.activate(host: OffscreenHost())
        plugin.update(snapshot)
        let render = try Render.draw(plugin)
        let frame = try #require(plugin.lastFrame)
        let strip = try #require(plugin.lastAgreementStrip)
        // Inside the band (depth 0.5…1) the background is tinted; outside it is not.
        let fill = Theme.light.selectionFill
        let tinted = Color(
            red: 1 - fill.alpha * (1 - fill.red), green: 1 - fill.alpha * (1 - fill.green),
            blue: 1 - fill.alpha * (1 - fill.blue))
        #expect(
            render.has(
                tinted, near: Point(x: frame.x(0.9), y: frame.plot.maxY - 3), radius: 1, tolerance: 0.02))
        #expect(
            !render.has(
                tinted, near: Point(x: frame.x(0.1), y: frame.plot.maxY - 3), radius: 1, tolerance: 0.02))
        for m in comparison.layers {
            // Cells sit on their depth, pulled inside the strip at both ends.
            let x = min(max(frame.x(m.depthA), strip.x + 3), strip.maxX - 3)
            let c = render.color(at: Point(x: x, y: strip.midY))
            #expect(close(c, Theme.light.seriesColor(2), 0.03) == m.agree, "depth \(m.depthA)")
        }
        #expect(render.textOutside(Size(width: 900, height: 600)).isEmpty)
    }

    @Test("a drag selects a depth range on the common axis")
    func dragSelects() throws {
        let plugin = ComparisonPlugin()
        plugin.update(try #require(FixtureRun.full.finished))
        _ = try Render.draw(plugin)
        let frame = try #require(plugin.lastFrame)
        let rect = Rect(x: frame.x(0.25), y: frame.plot.y, width: frame.x(0.75) - frame.x(0.25), height: 10)
        let s = try #require(plugin.selection(for: rect, size: Size(width: 900, height: 600)))
        let depth = try #require(s.depth)
        #expect(abs(depth.lowerBound - 0.25) < 1e-6 && abs(depth.upperBound - 0.75) < 1e-6)
    }

    @Test("with one model it explains what is missing and draws no chart")
    func oneModel() throws {
        let plugin = ComparisonPlugin()
        plugin.update(try #require(FixtureRun.plain.finished))
        let render = try Render.draw(plugin)
        #expect(plugin.lastFrame == nil)
        #expect(!render.textBounds.isEmpty)
        // Mid-stream of a run that has a second model: still waiting, no chart yet.
        plugin.update(try #require(FixtureRun.full.midStream))
        _ = try Render.draw(plugin)
        #expect(plugin.lastFrame == nil)
    }
}
