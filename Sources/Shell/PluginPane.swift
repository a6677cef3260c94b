import Analysis
import Charts
import Foundation
import PluginKit

/// The plugin host of the window: one shared selection and theme for every pane, redraws routed to
/// the pane that shows the asking plugin.
///
/// Main-actor bound, as every `PluginHost` is.
public final class WindowPluginHost: PluginHost {
    public var selection: SharedSelection?
    public var settings: PluginSettings
    /// Called with the plugin that asked to be redrawn (on the main thread).
    public var onRedraw: (@MainActor (any VisualizationPlugin) -> Void)?

    public init(settings: PluginSettings = PluginSettings()) {
        self.settings = settings
    }

    public func requestRedraw(_ plugin: any VisualizationPlugin) { onRedraw?(plugin) }
}

/// Shows one visualization plugin in a window pane: forwards snapshots, draws through `Canvas(cairo:)`
/// with the host's theme, turns drags into the plugin's `SharedSelection`.
///
/// A plugin whose `draw` throws is disabled: it is deactivated, its pane shows why, and `onFailure`
/// reports it once; the rest of the window keeps working.
@MainActor public final class PluginPane: ChartPane {
    public let plugin: any VisualizationPlugin
    public let host: WindowPluginHost
    /// Why the plugin was disabled, if it was.
    public private(set) var failure: String?
    /// Called once when the plugin is disabled, with the message shown.
    public var onFailure: ((String) -> Void)?
    /// Called after a drag with what it selects (nil: cleared, or nothing the plugin can select).
    public var onSelection: ((SharedSelection?) -> Void)?
    /// Called after every draw (the app times "drawn" from it).
    public var onDrawn: (() -> Void)?
    /// The size of the last draw, for turning drags into selections.
    public private(set) var lastSize = Size(width: 0, height: 0)
    /// The readout under the pointer, if any (drawn by the plugin after each draw).
    public private(set) var hoverInfo: HoverInfo?
    private var hoverPoint: Point?
    /// Called when the readout's text changes (nil: no readout), e.g. for the `hover` trace event.
    public var onHover: ((String?) -> Void)?
    /// Called when a click lands on a prompt token of the chart (making it the query position).
    public var onTokenClicked: ((Int) -> Void)?
    /// Called when a click lands on a layer of the chart (after `onTokenClicked` for a cell).
    public var onLayerClicked: ((Int) -> Void)?
    /// Called when a click lands on an attention head of the chart.
    public var onHeadClicked: ((HeadID) -> Void)?

    public var title: String { plugin.info.title }
    /// The plugin draws the selection it understood; the raw band shows only when it understood none.
    public var showsSelectionBand: Bool { !selectionUnderstood }
    private var selectionUnderstood = false

    public init(plugin: any VisualizationPlugin, host: WindowPluginHost) {
        self.plugin = plugin
        self.host = host
        plugin.activate(host: host)
    }

    /// Forwards `snapshot` unless the plugin is disabled.
    public func update(_ snapshot: SessionSnapshot) {
        guard failure == nil else { return }
        plugin.update(snapshot)
    }

    public func draw(_ cr: OpaquePointer, width: Double, height: Double) {
        let canvas = Canvas(cairo: cr)
        let size = Size(width: width, height: height)
        lastSize = size
        if let failure {
            Self.drawFailure(failure, title: title, canvas: canvas, size: size, theme: host.settings.theme)
        } else {
            do {
                try canvas.withSavedState { try plugin.draw(canvas, size: size) }
                // The data may have changed under a still pointer: ask again, then draw the readout.
                if let point = hoverPoint { setHover(plugin.hover(at: point, size: size)) }
                if let info = hoverInfo {
                    canvas.withSavedState {
                        plugin.drawHover(info, canvas: canvas, size: size, theme: host.settings.theme)
                    }
                }
            } catch {
                disable("\(title) stopped drawing and was disabled: \(error)")
                Self.drawFailure(
                    failure ?? "", title: title, canvas: canvas, size: size, theme: host.settings.theme)
            }
        }
        onDrawn?()
    }

    public func selectionChanged(_ rect: SelectionRect?) {
        guard let rect, failure == nil else {
            selectionUnderstood = false
            onSelection?(nil)
            return
        }
        let r = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        let selection = plugin.selection(for: r, size: lastSize)
        selectionUnderstood = selection != nil
        onSelection?(selection)
    }

    public func hover(at point: (x: Double, y: Double)?) -> Bool {
        guard failure == nil else { return false }
        let before = hoverInfo
        hoverPoint = point.map { Point(x: $0.x, y: $0.y) }
        setHover(hoverPoint.flatMap { plugin.hover(at: $0, size: lastSize) })
        return before != hoverInfo
    }

    private func setHover(_ info: HoverInfo?) {
        let changed = info?.text != hoverInfo?.text
        hoverInfo = info
        if changed { onHover?(info?.text) }
    }

    /// A click on what the plugin's readout names there: a head (shown in the Heatmap), else a token
    /// (the query position) and a layer (the selected layer).
    public func clicked(at x: Double, y: Double) -> Bool {
        guard failure == nil, let info = plugin.hover(at: Point(x: x, y: y), size: lastSize),
            info.token != nil || info.layer != nil || info.head != nil
        else { return false }
        if let head = info.head {
            onHeadClicked?(head)
            return true
        }
        if let token = info.token { onTokenClicked?(token) }
        if let layer = info.layer { onLayerClicked?(layer) }
        return true
    }

    public var copyText: String? { failure == nil ? plugin.table()?.tsv : nil }

    public var views: [String] { plugin.views }

    /// The plugin's id, as Export All names its file.
    public var exportName: String { plugin.info.id }

    public var view: Int {
        get { plugin.view }
        set {
            plugin.view = newValue
            hoverInfo = nil
        }
    }

    /// Disables the plugin with `message` (shown in its pane).
    public func disable(_ message: String) {
        guard failure == nil else { return }
        failure = message
        plugin.deactivate()
        onFailure?(message)
    }

    static func drawFailure(
        _ message: String, title: String, canvas: Canvas, size: Size, theme: Theme,
        headline: String = "This plugin is disabled"
    ) {
        PluginChrome.background(canvas, size: size, theme: theme)
        let area = PluginChrome.header(title, canvas: canvas, size: size, theme: theme)
        PluginChrome.message(headline, detail: message, canvas: canvas, in: area, theme: theme)
    }
}

/// A pane that only shows a message: e.g. an external plugin that failed to load, and why.
@MainActor public final class MessagePane: ChartPane {
    public let title: String
    public let message: String
    private let theme: @MainActor () -> Theme

    public init(title: String, message: String, theme: @escaping @MainActor () -> Theme) {
        self.title = title
        self.message = message
        self.theme = theme
    }

    public func draw(_ cr: OpaquePointer, width: Double, height: Double) {
        PluginPane.drawFailure(
            message, title: title, canvas: Canvas(cairo: cr), size: Size(width: width, height: height),
            theme: theme(), headline: "This plugin did not load")
    }

    public func selectionChanged(_ rect: SelectionRect?) {}
}
