import Analysis
import Charts
@testable import ComparisonPlugin
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

    @Test("the attention on a selection, from the query's mean row, equals the mean over heads of the full stack's rows")
    func attentionMassFromQueryRows() throws {
        let snapshot = try #require(FixtureRun.full.finished)
        let comparison = try #require(snapshot.comparison)
        let run = snapshot.primary
        let stack = try #require(run.attentionStack())
        let q = run.queryPosition
        for (d0, d1, t0, t1) in [(0.0, 1.0, 0, run.tokens.count - 1), (0.5, 1.0, 1, 2), (0.2, 0.7, 0, q)] {
            let s = ComparisonSelection(depthFrom: d0, depthTo: d1, tokenFrom: t0, tokenTo: t1)
            let blocks = Double(run.info.layers)
            let first = max(1, Int((d0 * blocks).rounded(.up))), last = Int((d1 * blocks).rounded(.down))
            var total = 0.0
            for l in first...last {
                for h in 0..<run.info.heads {
                    let row = stack.row(layer: l - 1, head: h, query: q)
                    for k in t0...min(t1, q) { total += Double(row[k]) }
                }
            }
            let expected = total / Double((last - first + 1) * run.info.heads)
            let mass = try #require(SummaryPanel.attentionMass(comparison.primaryInput, selection: s))
            #expect(abs(mass - expected) < 1e-5, "selection \(d0)–\(d1), tokens \(t0)–\(t1)")
        }
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
