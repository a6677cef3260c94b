import Analysis
import CCairo
import Charts
import PluginKit
import Testing

@testable import Shell

/// A plugin that draws a fill, fails when told to, and selects the whole depth range for any drag.
private final class ProbePlugin: VisualizationPlugin {
    var info: PluginInfo { PluginInfo(id: "probe", title: "Probe", description: "test", version: "1") }
    var failDraw = false
    private(set) var draws = 0
    private(set) var deactivations = 0
    private(set) weak var host: (any PluginHost)?

    func activate(host: any PluginHost) { self.host = host }
    func update(_ snapshot: SessionSnapshot) { host?.requestRedraw(self) }
    func draw(_ canvas: Canvas, size: Size) throws {
        draws += 1
        struct Broken: Error, CustomStringConvertible { var description: String { "no data to draw" } }
        if failDraw { throw Broken() }
        canvas.fill(Rect(size: size), color: .black)
    }
    func selection(for rect: Rect, size: Size) -> SharedSelection? {
        rect.width > 0 ? SharedSelection(depth: 0...1) : nil
    }
    func deactivate() { deactivations += 1 }
}

/// Draws `pane` into a fresh 200 × 100 image surface.
@MainActor private func drawOffscreen(_ pane: ChartPane) {
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 100)
    let cr = cairo_create(surface)
    defer {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }
    if let cr { pane.draw(cr, width: 200, height: 100) }
}

@Suite("Plugin panes")
@MainActor
struct PluginPaneTests {
    @Test("a plugin whose draw throws is disabled once, reported, and not drawn again")
    func failingPluginIsDisabled() {
        let plugin = ProbePlugin()
        let pane = PluginPane(plugin: plugin, host: WindowPluginHost())
        var reports: [String] = []
        pane.onFailure = { reports.append($0) }
        drawOffscreen(pane)
        #expect(pane.failure == nil)
        plugin.failDraw = true
        drawOffscreen(pane)
        drawOffscreen(pane)
        #expect(plugin.draws == 2, "a disabled plugin was drawn again")
        #expect(plugin.deactivations == 1)
        #expect(reports.count == 1)
        #expect(reports.first?.contains("no data to draw") == true)
        #expect(pane.failure != nil)
    }

    @Test("a drag becomes the plugin's shared selection, and the raw band is hidden while it is shown")
    func dragBecomesSharedSelection() {
        let pane = PluginPane(plugin: ProbePlugin(), host: WindowPluginHost())
        var received: [SharedSelection?] = []
        pane.onSelection = { received.append($0) }
        drawOffscreen(pane)
        #expect(pane.showsSelectionBand)
        pane.selectionChanged(SelectionRect(x: 10, y: 10, width: 50, height: 20))
        #expect(received.last == SharedSelection(depth: 0...1))
        #expect(!pane.showsSelectionBand)
        pane.selectionChanged(nil)
        #expect(received.count == 2 && received.last == .some(nil))
        #expect(pane.showsSelectionBand)
    }

    @Test("a plugin's redraw request reaches the host's handler with that plugin")
    func redrawRequestsAreRouted() {
        let host = WindowPluginHost()
        let plugin = ProbePlugin()
        var asked: [ObjectIdentifier] = []
        host.onRedraw = { asked.append(ObjectIdentifier($0)) }
        _ = PluginPane(plugin: plugin, host: host)
        host.requestRedraw(plugin)
        #expect(asked == [ObjectIdentifier(plugin)])
    }
}
