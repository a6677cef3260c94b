import Analysis
import Charts
import Foundation
import HeatmapPlugin
import ModelFiles
import PluginKit
import Testing
import TimelinePlugin

/// Drags on the Timeline and Heatmap panes become depth (and token) selections, from a real analysis of
/// the llama-tiny fixture (3 layers).
@Suite("Drag selections on plugin charts")
@MainActor
struct PaneSelectionTests {
    static func analyzeTiny() throws -> SessionSnapshot {
        let folder = AppProcess.fixtures.appendingPathComponent("models/llama-tiny")
        let session = AnalysisSession()
        let last = LastUpdate()
        session.subscribe(on: ImmediateScheduler()) { last.set($0) }
        session.start(AnalysisRequest(prompt: "hello world and more", model: .folder(folder)))
        session.waitUntilIdle()
        guard case .finished(let snapshot)? = last.get() else {
            throw AppProcess.Failure(
                description: "the llama-tiny analysis did not finish: \(String(describing: last.get()))")
        }
        return snapshot
    }

    @Test("a drag over layers 1 to 2 of the timeline selects depth 1/3 to 2/3")
    func timelineDragSelectsDepth() throws {
        let snapshot = try Self.analyzeTiny()
        #expect(snapshot.primary.info.layers == 3)
        let plugin = TimelinePlugin()
        plugin.activate(host: OffscreenHost())
        plugin.update(snapshot)
        let size = Size(width: 800, height: 500)
        _ = try ChartExporter.renderImage(size: size) { canvas, size in try plugin.draw(canvas, size: size) }
        let frame = try #require(plugin.lastFrame)
        let x1 = frame.x(1), x2 = frame.x(2)
        let selection = plugin.selection(
            for: Rect(x: x1, y: frame.plot.y + 10, width: x2 - x1, height: 40), size: size)
        let depth = try #require(selection?.depth)
        #expect(abs(depth.lowerBound - 1.0 / 3) < 1e-6 && abs(depth.upperBound - 2.0 / 3) < 1e-6, "\(depth)")
        #expect(selection?.tokens == nil)
    }

    @Test("a drag over the heatmap's cells selects their blocks as depth and their tokens")
    func heatmapDragSelectsBlocksAndTokens() throws {
        let snapshot = try Self.analyzeTiny()
        let tokens = snapshot.primary.tokens.count
        try #require(tokens >= 3)
        let plugin = HeatmapPlugin()
        plugin.activate(host: OffscreenHost())
        plugin.update(snapshot)
        let size = Size(width: 800, height: 500)
        _ = try ChartExporter.renderImage(size: size) { canvas, size in try plugin.draw(canvas, size: size) }
        let layout = try #require(plugin.lastLayout)
        // Block 2 (the middle row of three) over tokens 1…2: from inside cell (1, 1) to inside cell (1, 2).
        let a = layout.rect(row: 1, column: 1), b = layout.rect(row: 1, column: 2)
        let drag = Rect(x: a.midX, y: a.y + 2, width: b.midX - a.midX, height: a.height - 4)
        let selection = try #require(plugin.selection(for: drag, size: size))
        #expect(selection.tokens == 1...2)
        let depth = try #require(selection.depth)
        #expect(abs(depth.lowerBound - 2.0 / 3) < 1e-6 && abs(depth.upperBound - 2.0 / 3) < 1e-6, "\(depth)")
        #expect(plugin.selection(for: Rect(x: 0, y: 0, width: 5, height: 5), size: size) == nil)
    }
}

/// The last update a session delivered (updates arrive on the session's queue).
private final class LastUpdate: @unchecked Sendable {
    private let lock = NSLock()
    private var update: SessionUpdate?
    func set(_ value: SessionUpdate) { lock.withLock { update = value } }
    func get() -> SessionUpdate? { lock.withLock { update } }
}
