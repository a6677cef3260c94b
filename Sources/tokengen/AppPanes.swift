import Analysis
import Foundation
import PluginKit
import Shell

/// One window pane: a plugin pane (with a way to make a fresh instance for export), or a message.
struct PaneSlot {
    let pane: PluginPane?
    /// A new, independent instance of the pane's plugin.
    let make: (() throws -> any VisualizationPlugin)?
}

/// The plugin panes: built-in and external plugins, redraws, failures and the shared selection.
extension AppController {
    func addPluginPanes(pluginPaths: [String]) {
        catalog = ExternalPluginCatalog(
            folders: ExternalPluginFolder.searchPath(
                pluginPaths: pluginPaths, environment: ProcessInfo.processInfo.environment),
            reservedIDs: Set(BuiltinPlugins.factories.map(\.info.id)))
        buildPanes()
    }

    /// Whether the pane shown is the Lens grid's.
    var lensGridShown: Bool {
        slots.indices.contains(window.currentPane) && slots[window.currentPane].pane?.plugin.info.id == "lens-grid"
    }

    /// The Lens grid pane came into view without the grids: read them (a view update, once per run).
    func paneSwitched() {
        guard lensGridShown, let snapshot, snapshot.grid == nil || snapshot.midGrid == nil,
            snapshot.primary.tokens.count <= SessionSnapshot.gridTokenLimit
        else { return }
        startRun(view: "lens-grid")
    }

    /// Every chart back to its empty state: fresh plugin instances in the same panes order.
    func resetPanes() {
        let shown = window.currentPane
        window.removeAllPanes()
        slots = []
        buildPanes(fresh: true)
        window.currentPane = shown
    }

    /// Adds a pane per built-in and external plugin; `fresh` makes new instances of external plugins
    /// too (else the catalog's first instances are used).
    private func buildPanes(fresh: Bool = false) {
        for factory in BuiltinPlugins.factories {
            addPane(factory.make(), make: factory.make)
        }
        for entry in catalog?.entries ?? [] {
            if let first = entry.plugin, !first.isDisabled,
                let plugin = fresh ? try? entry.makePlugin() : first
            {
                addPane(plugin, make: { try entry.makePlugin() })
                continue
            }
            guard case .disabled(let error) = entry.state else { continue }
            let name = entry.metadata?.title ?? (entry.source as NSString).lastPathComponent
            let message = "The plugin \(name) was not loaded: \(error)"
            window.addPane(
                MessagePane(title: name, message: message) { [weak self] in self?.host.settings.theme ?? .light })
            slots.append(PaneSlot(pane: nil, make: nil))
            window.report(.error(message))
            FileHandle.standardError.write(Data("tokengen: \(message)\n".utf8))
        }
    }

    private func addPane(
        _ plugin: any VisualizationPlugin, make: @escaping () throws -> any VisualizationPlugin
    ) {
        let pane = PluginPane(plugin: plugin, host: host)
        let index = window.addPane(pane)
        pane.onDrawn = { [weak self] in self?.events.paneDrawn() }
        pane.onFailure = { [weak self] message in
            guard let self else { return }
            window.setStatus(message)
            window.report(.error(message))
            FileHandle.standardError.write(Data("tokengen: \(message)\n".utf8))
        }
        pane.onSelection = { [weak self] selection in self?.selectionChanged(selection, from: index) }
        let id = plugin.info.id
        pane.onHover = { [weak self] text in self?.window.report(.hover(plugin: id, text: text)) }
        pane.onTokenClicked = { [weak self] token in self?.window.chooseQuery(token) }
        pane.onLayerClicked = { [weak self] layer in self?.chooseLayer(layer, from: index) }
        pane.onHeadClicked = { [weak self] head in self?.showHead(head) }
        slots.append(PaneSlot(pane: pane, make: make))
    }

    /// A plugin asked to be redrawn: redraw its pane (coalesced by the window).
    func redraw(_ plugin: any VisualizationPlugin) {
        guard let index = slots.firstIndex(where: { $0.pane?.plugin === plugin }) else { return }
        window.queueRedraw(pane: index)
        reportTokenColors()
    }

    /// A drag (or a click, nil) on pane `index`: share what it selects with every plugin; with a
    /// comparison model, run the comparison again over the selected region.
    func selectionChanged(_ selection: SharedSelection?, from index: Int) {
        if propagatingSelection || (selection == nil && host.selection == nil) { return }
        if selection == nil, window.selection(pane: index) != nil {
            // A drag the plugin cannot turn into a selection: keep the shared one.
            window.setStatus("This chart has nothing to select there")
            propagatingSelection = true
            window.setSelection(nil, pane: index)
            propagatingSelection = false
            return
        }
        host.selection = selection
        propagatingSelection = true
        for other in slots.indices where other != index { window.setSelection(nil, pane: other) }
        propagatingSelection = false
        window.queueRedraw()
        window.report(.selection(describe(selection)))
        if compareModel != nil, snapshot != nil { startRun(view: "drag") }
    }

    /// A click on a layer (the lens grid): that layer alone becomes the shared depth selection, which the
    /// other charts show; reported as `layer L`.
    func chooseLayer(_ layer: Int, from index: Int) {
        guard let layers = snapshot?.primary.info.layers else { return }
        var s = host.selection ?? SharedSelection()
        s.depth = SharedSelection.depth(ofLayer: layer, layerCount: layers)
        s.tokens = nil
        window.report(.layer(layer))
        selectionChanged(s, from: index)
    }

    /// A click on a head (Attribution): the Heatmap's every-head view, with that head outlined, is
    /// shown; reported as `head L H` (1-based, as its label).
    func showHead(_ head: HeadID) {
        var s = host.selection ?? SharedSelection()
        s.head = head
        host.selection = s
        if let index = slots.firstIndex(where: { $0.pane?.plugin.info.id == "heatmap" }),
            let pane = slots[index].pane
        {
            pane.view = 1
            window.currentPane = index
            window.pickView(1)
        }
        window.queueRedraw()
        window.report(.head(layer: head.layer + 1, head: head.head + 1))
    }

    /// Forgets the shared selection and every pane's rubber band.
    func clearSelection() {
        host.selection = nil
        propagatingSelection = true
        for index in slots.indices { window.setSelection(nil, pane: index) }
        propagatingSelection = false
    }

    func describe(_ selection: SharedSelection?) -> String {
        guard let selection else { return "none" }
        var parts: [String] = []
        if let d = selection.depth {
            parts.append(String(format: "depth %.2f-%.2f", d.lowerBound, d.upperBound))
        }
        if let t = selection.tokens { parts.append("tokens \(t.lowerBound)-\(t.upperBound)") }
        if let c = selection.cluster { parts.append("cluster \(c)") }
        if let h = selection.head { parts.append("head \(h.label)") }
        return parts.isEmpty ? "none" : parts.joined(separator: " ")
    }
}
