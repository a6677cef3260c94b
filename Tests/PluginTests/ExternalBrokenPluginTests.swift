import Charts
import Foundation
import PluginKit
import Testing

/// One folder holding a working plugin next to one of each kind of broken plugin.
@Suite("Broken external plugins")
@MainActor
struct ExternalBrokenPluginTests {
    let folder: String
    let catalog: ExternalPluginCatalog

    init() throws {
        let folder = try ExternalFixtures.makeFolder("broken")
        typealias F = ExternalFixtures
        try F.compile(.paintsRed, into: folder, library: "libgood.so")
        try F.writeMetadata(folder, name: "good", id: "good", library: "libgood.so")
        try F.compile(.noEntryPoint, into: folder, library: "libnoentry.so")
        try F.writeMetadata(folder, name: "noentry", id: "noentry", library: "libnoentry.so")
        try F.compile(.tableVersion99, into: folder, library: "libtable99.so")
        try F.writeMetadata(folder, name: "table99", id: "table99", library: "libtable99.so")
        try F.compile(.paintsRed, into: folder, library: "libmeta2.so")
        try F.writeMetadata(folder, name: "meta2", id: "meta2", library: "libmeta2.so", apiVersion: 2)
        try F.writeMetadata(folder, name: "nolib", id: "nolib", library: "libnowhere.so")
        try F.write("{\"id\": \"corrupt\", \"title\": ", to: "\(folder)/corrupt.plugin")
        try F.compile(.failsToDraw, into: folder, library: "libdrawfail.so")
        try F.writeMetadata(folder, name: "drawfail", id: "drawfail", library: "libdrawfail.so")
        try F.compile(.failsToUpdate, into: folder, library: "libupdatefail.so")
        try F.writeMetadata(folder, name: "updatefail", id: "updatefail", library: "libupdatefail.so")
        try F.writeMetadata(folder, name: "zz-duplicate", id: "good", library: "libgood.so")
        try F.writeMetadata(folder, name: "builtin-clash", id: "timeline", library: "libgood.so")
        self.folder = folder
        catalog = ExternalPluginCatalog(
            folders: [.init(path: folder, required: true), .init(path: folder + "-absent", required: true)],
            reservedIDs: ["timeline"])
    }

    private func error(_ name: String) -> ExternalPluginError? {
        guard case .disabled(let error) = catalog.entry(named: name)?.state else { return nil }
        return error
    }

    @Test("the working plugin loads and draws despite its broken neighbours")
    func goodStillLoads() throws {
        #expect(catalog.plugins.map(\.info.id).sorted() == ["drawfail", "good", "updatefail"])
        let good = try #require(catalog.entry(named: "good")?.plugin)
        good.activate(host: TestPluginHost(theme: .light))
        let image = try ChartExporter.renderImage(size: Size(width: 20, height: 10)) { canvas, size in
            try good.draw(canvas, size: size)
        }
        let c = image.color(x: 10, y: 5)
        #expect(c.red > 0.99 && c.green < 0.01 && c.blue < 0.01)
        #expect(catalog.entry(named: "good")?.state == .loaded)
    }

    @Test("a library without the entry point is reported and disabled")
    func noEntryPoint() {
        #expect(
            error("noentry")
                == .missingEntryPoint(path: "\(folder)/libnoentry.so", symbol: "tokengen_plugin_entry"))
        #expect(error("noentry")?.description.contains("@_cdecl") == true)
    }

    @Test("another API version is refused from the metadata (without loading) and from the table")
    func wrongAPIVersion() {
        #expect(error("meta2") == .apiVersionMismatch(id: "meta2", expected: 1, found: 2))
        #expect(error("table99") == .apiVersionMismatch(id: "table99", expected: 1, found: 99))
        #expect(error("table99")?.description.contains("rebuild the plugin") == true)
    }

    @Test("a missing library and corrupt metadata are reported with the file")
    func missingAndCorrupt() throws {
        #expect(error("nolib") == .libraryMissing(path: "\(folder)/libnowhere.so"))
        guard case .invalidMetadata(let path, _) = error("corrupt") else {
            Issue.record("corrupt metadata not reported: \(String(describing: error("corrupt")))")
            return
        }
        #expect(path == "\(folder)/corrupt.plugin")
        #expect(catalog.entry(named: "corrupt")?.metadata == nil)
    }

    @Test("an id already taken, by a built-in or an earlier plugin, is refused")
    func duplicates() {
        #expect(error("zz-duplicate") == .duplicateID(id: "good", path: "\(folder)/zz-duplicate.plugin"))
        #expect(
            error("builtin-clash") == .duplicateID(id: "timeline", path: "\(folder)/builtin-clash.plugin"))
    }

    @Test("a --plugin-path folder that does not exist is reported")
    func missingFolder() {
        let entry = catalog.entries.last
        #expect(entry?.state == .disabled(.folderMissing(path: folder + "-absent")))
    }

    @Test("a plugin that fails while drawing throws its message, then stays disabled")
    func drawFailure() throws {
        let plugin = try #require(catalog.entry(named: "drawfail")?.plugin)
        plugin.activate(host: TestPluginHost(theme: .dark))
        let failed = ExternalPluginError.drawFailed(
            id: "drawfail", message: ExternalFixtures.fixtureDrawMessage)
        #expect(throws: failed) {
            _ = try ChartExporter.renderImage(size: Size(width: 20, height: 10)) {
                try plugin.draw($0, size: $1)
            }
        }
        #expect(catalog.entry(named: "drawfail")?.state == .disabled(failed))
        #expect(!catalog.plugins.contains { $0 === plugin })
        #expect(throws: ExternalPluginError.disabled(id: "drawfail", reason: failed.description)) {
            _ = try ChartExporter.renderImage(size: Size(width: 20, height: 10)) {
                try plugin.draw($0, size: $1)
            }
        }
    }

    @Test("a plugin that rejects a snapshot is disabled, and drawing reports why")
    func updateFailure() throws {
        let plugin = try #require(catalog.entry(named: "updatefail")?.plugin)
        #expect(plugin.failure == nil)
        plugin.update(
            payload: PluginSnapshotPayload(
                stage: "tokenized", layersDone: 0, layerCount: 2, model: "m", tokens: [], queryPosition: 0))
        let failed = ExternalPluginError.updateFailed(
            id: "updatefail", message: ExternalFixtures.fixtureUpdateMessage)
        #expect(plugin.failure == failed)
        #expect(throws: failed) {
            _ = try ChartExporter.renderImage(size: Size(width: 20, height: 10)) {
                try plugin.draw($0, size: $1)
            }
        }
    }

    @Test("a loaded plugin makes further independent instances; a broken one says why it cannot")
    func makeInstances() throws {
        let good = try #require(catalog.entry(named: "good"))
        let second = try good.makePlugin()
        #expect(second !== good.plugin)
        #expect(second.info.id == "good")
        #expect(throws: ExternalPluginError.libraryMissing(path: "\(folder)/libnowhere.so")) {
            try catalog.entry(named: "nolib")?.makePlugin()
        }
    }
}
