import Analysis
import Charts

/// A value-driven view of the analysis session: keeps what it needs from each snapshot and draws on
/// a Cairo canvas of a given size — in the window, into PNG/PDF/SVG files, and in tests with no display.
///
/// Called on the main thread only (the window's), or on one test thread; never concurrently.
public protocol VisualizationPlugin: AnyObject {
    /// Identity and API version.
    var info: PluginInfo { get }
    /// Called once before the first update; keep the host (weakly) to ask for redraws.
    func activate(host: any PluginHost)
    /// A new snapshot: streaming (some layers), finished, or a new run's first.
    func update(_ snapshot: SessionSnapshot)
    /// Draws the current state into `canvas`, filling `size`.
    /// - Throws: when the plugin cannot draw; the host reports it and disables the plugin.
    func draw(_ canvas: Canvas, size: Size) throws
    /// The selection a drag over `rect` (in the plugin's drawing coordinates) means, or nil when the
    /// plugin does not support selecting there.
    func selection(for rect: Rect, size: Size) -> SharedSelection?
    /// Called once when the plugin is removed or disabled.
    func deactivate()
}

extension VisualizationPlugin {
    public func selection(for rect: Rect, size: Size) -> SharedSelection? { nil }
}

/// What a plugin may ask of the window (or the exporter, or a test).
public protocol PluginHost: AnyObject {
    /// Asks for the plugin to be drawn again soon (coalesced by the host).
    func requestRedraw(_ plugin: any VisualizationPlugin)
    /// The selection shared by every plugin (a drag in one chart shows in the others).
    var selection: SharedSelection? { get }
    /// Display settings: theme and the like.
    var settings: PluginSettings { get }
}

/// A region of the analysis chosen by dragging: a depth range and/or a token range, or a cluster.
public struct SharedSelection: Sendable, Equatable {
    /// Depth l / L, within [0, 1].
    public var depth: ClosedRange<Double>?
    /// Token positions, inclusive.
    public var tokens: ClosedRange<Int>?
    /// A head cluster chosen in the clustering plugin (its heads are highlighted in the heatmap).
    public var cluster: Int?

    public init(depth: ClosedRange<Double>? = nil, tokens: ClosedRange<Int>? = nil, cluster: Int? = nil) {
        self.depth = depth
        self.tokens = tokens
        self.cluster = cluster
    }
}

/// Display settings every plugin follows.
public struct PluginSettings: Sendable {
    public var theme: Theme
    public init(theme: Theme = .light) { self.theme = theme }
}
