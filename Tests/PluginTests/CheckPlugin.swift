import Analysis
import Charts
import Foundation
import PluginKit
import Testing

/// The conformance check every plugin passes: valid info; activate, update and draw with no snapshot,
/// a tokenized one, mid-stream ones and the finished one; tiny and large sizes; PNG export; deactivate.
@MainActor func checkPlugin(_ make: () -> any VisualizationPlugin, runs: [FixtureRun] = [.full, .plain]) throws {
    let plugin = make()
    #expect(throws: Never.self) { try PluginInfoCheck.validate(plugin.info) }
    #expect(!plugin.info.description.isEmpty)
    let host = OffscreenHost()
    plugin.activate(host: host)
    let sizes = [
        Size(width: 1, height: 1), Size(width: 37, height: 23), Size(width: 320, height: 200),
        Size(width: 2400, height: 1600),
    ]
    // Empty state, before any snapshot.
    for size in sizes { try drawOnce(plugin, size: size) }
    for run in runs {
        let snapshots = run.snapshots
        #expect(snapshots.count >= 3, "a run yields tokenized, layers and finished")
        for snapshot in snapshots {
            plugin.update(snapshot)
            try drawOnce(plugin, size: Size(width: 640, height: 420))
        }
        for size in sizes { try drawOnce(plugin, size: size) }
    }
    #expect(host.redrawRequests > 0, "a plugin asks for a redraw when a snapshot arrives")
    // Export to PNG works and writes a real PNG.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
        "plugin-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("\(plugin.info.id).png").path
    try PluginExporter.export(plugin, to: path, size: Size(width: 400, height: 300), scale: 2)
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    plugin.deactivate()
    // After deactivation it still draws (its empty state) without throwing.
    try drawOnce(plugin, size: Size(width: 300, height: 200))
}

@MainActor private func drawOnce(_ plugin: any VisualizationPlugin, size: Size) throws {
    let render = try Render.draw(plugin, size: size)
    #expect(render.image.width == Int(size.width.rounded(.up)))
    if size.width >= 300 {
        #expect(render.textOutside(size).isEmpty, "\(plugin.info.id) draws text outside \(size)")
    }
}
