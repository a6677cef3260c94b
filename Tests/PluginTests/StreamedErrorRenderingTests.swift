import Charts
import ContrastPlugin
import HeatmapPlugin
import PluginKit
import Testing

@testable import Analysis

@Suite("Panes say why the contrast or heatmap failed")
@MainActor
struct StreamedErrorRenderingTests {
    /// The strings a plugin draws, joined.
    static func texts(_ plugin: any VisualizationPlugin) throws -> String {
        var drawn: [String] = []
        _ = try ChartExporter.renderImage(size: Size(width: 900, height: 600)) { canvas, size in
            canvas.recordsTextBounds = true
            try plugin.draw(canvas, size: size)
            drawn = canvas.texts
        }
        return drawn.joined(separator: " ")
    }

    @Test("a contrast token outside the vocabulary: the pane shows the error, no bars")
    func contrastError() throws {
        var s = try #require(FixtureRun.full.finished)
        let c = try #require(s.contrast)
        let vocab = s.primary.info.vocabularySize
        s.contrast = ContrastResult(
            a: ResolvedToken(text: "bad", encodedForm: "bad", id: vocab, split: false, tokenCount: 1), b: c.b,
            rows: c.rows)
        s.refreshStreamed(aggregation: s.request.options.attention)
        let error = try #require(s.contrastError)
        #expect(error == .tokenOutOfRange(id: vocab, vocabularySize: vocab))
        let plugin = ContrastPlugin()
        plugin.update(s)
        let text = try Self.texts(plugin)
        #expect(plugin.lastFrame == nil)
        #expect(text.contains("The contrast could not be computed"))
        #expect(text.contains("token id \(vocab)"))
        #expect(!text.contains("Waiting"))
    }

    @Test("a head outside the model: the attention pane shows the error, not an empty chart")
    func heatmapError() throws {
        var s = try #require(FixtureRun.full.finished)
        let heads = s.primary.info.heads
        s.refreshStreamed(aggregation: .head(heads + 3))
        #expect(s.heatmapError == .headOutOfRange(head: heads + 3, headCount: heads))
        let plugin = HeatmapPlugin()
        plugin.update(s)
        let text = try Self.texts(plugin)
        #expect(text.contains("The attention could not be computed"))
        #expect(text.contains("head \(heads + 3) does not exist"))
        #expect(!text.contains("Waiting"))
    }
}
