import Charts
import Foundation
import PluginKit
import Testing

/// The out-of-tree example (`plugins/example-entropy`), built as its own package, loaded with dlopen.
@Suite("Example entropy plugin")
@MainActor
struct ExternalExamplePluginTests {
    /// Builds (or finds) the example and installs it, with its metadata, into a fresh private folder.
    private func loadExample() throws -> ExternalPlugin {
        let library: String
        switch ExternalFixtures.examplePlugin {
        case .success(let path): library = path
        case .failure(let error): throw error
        }
        let folder = try ExternalFixtures.makeFolder("example")
        try FileManager.default.copyItem(atPath: library, toPath: "\(folder)/libEntropyPlugin.so")
        try FileManager.default.copyItem(
            atPath: ExternalFixtures.exampleMetadata, toPath: "\(folder)/entropy.plugin")
        let catalog = ExternalPluginCatalog(folders: [.init(path: folder, required: true)])
        let entry = try #require(catalog.entries.first)
        #expect(entry.state == .loaded)
        return try #require(entry.plugin)
    }

    /// Entropy falling from 6 to 1 nats over 8 layers, KL from 5 to 0: the shape of a real run.
    private var payload: PluginSnapshotPayload {
        PluginSnapshotPayload(
            stage: "finished", layersDone: 9, layerCount: 8, model: "fixture",
            tokens: [.init(id: 1, text: "The"), .init(id: 2, text: " world")], queryPosition: 1,
            metrics: (0...8).map { l in
                .init(
                    layer: l, entropy: 6 - 5 * Double(l) / 8, klFromFinal: 5 - 5 * Double(l) / 8,
                    finalTop1Rank: 9 - l, maxProb: Float(l) / 10)
            })
    }

    private func count(_ image: RasterImage, near target: Color, in xs: Range<Int>? = nil) -> Int {
        var n = 0
        for y in 0..<image.height {
            for x in xs ?? 0..<image.width {
                let c = image.color(x: x, y: y)
                if abs(c.red - target.red) < 0.08 && abs(c.green - target.green) < 0.08
                    && abs(c.blue - target.blue) < 0.08
                {
                    n += 1
                }
            }
        }
        return n
    }

    @Test("the example, loaded through dlopen, passes the same checkPlugin conformance as the built-ins")
    func conformance() throws {
        let plugin = try loadExample()
        try checkPlugin { plugin }
        #expect(!plugin.isDisabled, "\(plugin.failure.map { "\($0)" } ?? "")")
    }

    @Test("the example loads through dlopen and draws both lines on the light theme")
    func drawsLight() throws {
        let plugin = try loadExample()
        #expect(plugin.info.id == "entropy")
        let host = TestPluginHost(theme: .light)
        plugin.activate(host: host)
        plugin.update(payload: payload)
        let image = try ChartExporter.renderImage(size: Size(width: 480, height: 300)) {
            try plugin.draw($0, size: $1)
        }
        let white = image.color(x: 2, y: image.height - 2)
        #expect(white.red > 0.97 && white.green > 0.97 && white.blue > 0.97)
        let blue = Color(red: 0.122, green: 0.467, blue: 0.706),
            orange = Color(red: 1, green: 0.498, blue: 0.055)
        // Both series start high on the left (layer 0) and end low on the right.
        let left = 40..<150
        #expect(count(image, near: blue, in: left) > 100)
        #expect(count(image, near: orange, in: left) > 100)
        let leftTopBlue = (0..<image.height / 2).contains { y in
            (55..<70).contains { x in
                abs(image.color(x: x, y: y).blue - blue.blue) < 0.08
                    && abs(image.color(x: x, y: y).red - blue.red) < 0.08
            }
        }
        #expect(leftTopBlue)
        #expect(plugin.failure == nil)
        plugin.deactivate()
        withExtendedLifetime(host) {}
    }

    @Test("the dark theme flag reaches the plugin: a dark background")
    func drawsDark() throws {
        let plugin = try loadExample()
        let host = TestPluginHost(theme: .dark)  // the plugin keeps its host weakly
        plugin.activate(host: host)
        plugin.update(payload: payload)
        let image = try ChartExporter.renderImage(size: Size(width: 320, height: 200)) {
            try plugin.draw($0, size: $1)
        }
        let background = image.color(x: 2, y: image.height - 2)
        #expect(background.red < 0.2 && background.green < 0.2 && background.blue < 0.2)
        withExtendedLifetime(host) {}
    }
}
