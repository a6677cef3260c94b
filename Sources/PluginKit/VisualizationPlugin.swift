import Analysis
import Charts

/// A value-driven view of the analysis session: keeps what it needs from each snapshot and draws on
/// a Cairo canvas of a given size — in the window, into PNG/PDF/SVG files, and in tests with no display.
///
/// Main-actor bound: the window, the exporter and the tests call plugins on the main thread only, and
/// the compiler checks it.
@MainActor public protocol VisualizationPlugin: AnyObject {
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
    /// What is under the pointer at `point` (drawing coordinates of the last draw), or nil for
    /// nothing worth a readout. The host shows it by calling `drawHover` after `draw`.
    func hover(at point: Point, size: Size) -> HoverInfo?
    /// Draws the readout for `info` on top of the chart (default: a boxed label near the pointer).
    func drawHover(_ info: HoverInfo, canvas: Canvas, size: Size, theme: Theme)
    /// The data the plugin shows now, as a table (Ctrl+C copies it as TSV); nil when there is none.
    func table() -> DataTable?
    /// Ways the plugin can show its data (e.g. "Probability", "Top-k table"); empty for one way.
    var views: [String] { get }
    /// The index into `views` shown now; the host sets it when the user picks another.
    var view: Int { get set }
}

extension VisualizationPlugin {
    public func selection(for rect: Rect, size: Size) -> SharedSelection? { nil }
    public func hover(at point: Point, size: Size) -> HoverInfo? { nil }
    public func drawHover(_ info: HoverInfo, canvas: Canvas, size: Size, theme: Theme) {
        PluginChrome.readout(info, canvas: canvas, size: size, theme: theme)
    }
    public func table() -> DataTable? { nil }
    public var views: [String] { [] }
    public var view: Int {
        get { 0 }
        set {}
    }
}

/// What a chart shows under the pointer: a few short lines, where the pointer is, and (optionally)
/// the prompt token there, which a click makes the query position.
public struct HoverInfo: Sendable, Equatable {
    /// One fact per line, e.g. "layer 12", "“␣Paris” p = 0.412 (rank 1)".
    public var lines: [String]
    /// The pointer, in drawing coordinates.
    public var point: Point
    /// The prompt position under the pointer, when the chart has one there.
    public var token: Int?
    /// The lens layer (0…L) under the pointer, which a click selects (with `token`, the lens grid).
    public var layer: Int?
    /// The attention head under the pointer, which a click shows in the Heatmap (Attribution).
    public var head: HeadID?

    public init(lines: [String], at point: Point, token: Int? = nil, layer: Int? = nil, head: HeadID? = nil) {
        self.lines = lines
        self.point = point
        self.token = token
        self.layer = layer
        self.head = head
    }

    /// The readout on one line (the `hover PLUGIN TEXT` trace event).
    public var text: String { lines.joined(separator: " · ") }
}

/// A chart's data as rows of named columns; `tsv` is what Ctrl+C puts on the clipboard.
public struct DataTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Tab-separated values with a header line; tabs and newlines inside cells become spaces.
    public var tsv: String {
        func clean(_ s: String) -> String {
            s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
        }
        return ([columns] + rows).map { $0.map(clean).joined(separator: "\t") }.joined(separator: "\n")
            + "\n"
    }

    /// A probability or other value with 4 significant digits, as tables show numbers.
    public static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.4g", value) : ""
    }
}

/// What a plugin may ask of the window (or the exporter, or a test).
@MainActor public protocol PluginHost: AnyObject {
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
    /// A head chosen by a click in Attribution (outlined in the heatmap's every-head view).
    public var head: HeadID?

    public init(
        depth: ClosedRange<Double>? = nil, tokens: ClosedRange<Int>? = nil, cluster: Int? = nil,
        head: HeadID? = nil
    ) {
        self.depth = depth
        self.tokens = tokens
        self.cluster = cluster
        self.head = head
    }

    /// The depth range of lens layer `layer` alone (0…L), as a click on a layer sets it.
    public static func depth(ofLayer layer: Int, layerCount: Int) -> ClosedRange<Double> {
        let l = Double(layer)
        let n = Double(max(layerCount, 1))
        return max(0, (l - 0.45) / n)...min(1, (l + 0.45) / n)
    }
}

/// Display settings every plugin follows.
public struct PluginSettings: Sendable {
    public var theme: Theme
    public init(theme: Theme = .light) { self.theme = theme }
}
