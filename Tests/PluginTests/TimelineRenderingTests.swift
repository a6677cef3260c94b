import Analysis
import Charts
import PluginKit
import Testing
import TimelinePlugin

@Suite("Timeline rendering from fixture runs")
@MainActor
struct TimelineRenderingTests {
    @Test("follows the reference's final top tokens and marks the prediction at the last layer")
    func finished() throws {
        let snapshot = try #require(FixtureRun.full.finished)
        let reference = try Fixtures.gpt2FinalTop10()
        let plugin = TimelinePlugin()
        plugin.activate(host: OffscreenHost())
        plugin.update(snapshot)
        let model = try #require(plugin.model)
        #expect(model.finalID == reference[0])
        #expect(Set(model.tracks.prefix(4).map(\.id)).isSubset(of: Set(reference.prefix(6))))
        #expect(model.layersDone == snapshot.primary.info.layers + 1)
        let render = try Render.draw(plugin)
        let frame = try #require(plugin.lastFrame)
        let final = try #require(model.tracks.first { $0.id == reference[0] })
        let last = try #require(final.values.last)
        let p = Point(x: frame.x(Double(model.layerCount)), y: frame.y(last))
        let own = plugin.color(of: final, theme: .light)
        #expect(render.has(own, near: p), "the prediction is drawn strong in its own colour")
        #expect(render.textOutside(Size(width: 900, height: 600)).isEmpty)
    }

    @Test("values are exact log-probs from the full distribution, never 0 for tokens outside a top-k")
    func exactValues() throws {
        let snapshot = try #require(FixtureRun.full.finished)
        let plugin = TimelinePlugin()
        plugin.scale = .logProbability
        plugin.update(snapshot)
        let model = try #require(plugin.model)
        let q = snapshot.primary.queryPosition
        for track in model.tracks {
            for (l, value) in track.values.enumerated() {
                #expect(value == Double(snapshot.primary.lens[l].queryLogprobs[track.id]))
                #expect(value < 0 && value.isFinite)
            }
        }
        // At layer 0 some followed token lies outside the top-k, and still has its own value.
        let topAt0 = Set(snapshot.primary.lens[0].top[q].map(\.id))
        #expect(model.tracks.contains { !topAt0.contains($0.id) })
        plugin.scale = .rank
        let ranks = try #require(plugin.model)
        #expect(ranks.tracks.first { $0.id == ranks.finalID }?.values.last == 1)
    }

    @Test("mid-stream it draws the layers it has and nothing beyond")
    func midStream() throws {
        let snapshot = try #require(FixtureRun.full.midStream)
        let plugin = TimelinePlugin()
        plugin.update(snapshot)
        let model = try #require(plugin.model)
        #expect(model.finalID == nil)
        #expect(model.layersDone == snapshot.primary.lens.count)
        #expect(model.layersDone < model.layerCount + 1)
        let render = try Render.draw(plugin)
        let frame = try #require(plugin.lastFrame)
        let leading = try #require(model.tracks.first { $0.id == model.leadingID })
        let lead = try #require(leading.values.last)
        let own = plugin.color(of: leading, theme: .light)
        let xLast = frame.x(Double(model.layersDone - 1))
        #expect(render.has(own, near: Point(x: xLast, y: frame.y(lead))))
        var beyond = 0
        for y in Int(frame.plot.y)..<Int(frame.plot.maxY) {
            for x in Int(xLast + 12)..<Int(frame.plot.maxX)
            where close(render.image.color(x: x, y: y), own, 0.04) {
                beyond += 1
            }
        }
        #expect(beyond == 0, "no line past the last layer done")
    }

    @Test("a token keeps its colour while layers stream in and when it becomes the prediction")
    func stableColours() throws {
        let mid = try #require(FixtureRun.full.midStream)
        let plugin = TimelinePlugin()
        plugin.activate(host: OffscreenHost())
        plugin.update(mid)
        let before = try #require(plugin.model).tracks.map { ($0.id, plugin.color(of: $0, theme: .dark)) }
        plugin.update(try #require(FixtureRun.full.finished))
        let after = try #require(plugin.model)
        for (id, color) in before {
            if let track = after.tracks.first(where: { $0.id == id }) {
                #expect(plugin.color(of: track, theme: .dark) == color, "token \(id) changed colour")
            }
        }
        let shown = after.tracks.map { "\(plugin.color(of: $0, theme: .dark))" }
        #expect(Set(shown).count == shown.count, "two followed tokens share a colour")
    }

    @Test("before the first run it shows the empty state and no chart")
    func empty() throws {
        let plugin = TimelinePlugin()
        let render = try Render.draw(plugin)
        #expect(plugin.lastFrame == nil)
        #expect(!render.textBounds.isEmpty, "the empty state explains itself")
        #expect(render.count(TokenColors.light[0]) == 0)
    }
}
