/// Something the window shows in its plugin area; the app adapts visualization plugins to it.
///
/// Shell knows nothing about analyses: a pane draws on the cairo context it is handed and hears about
/// the rubber-band selection the user drags over it. All calls happen on the GTK main thread.
@MainActor public protocol ChartPane: AnyObject {
    /// The notebook tab label, e.g. "Timeline".
    var title: String { get }
    /// Draws the whole pane. `cr` is a `cairo_t *` (import `CCairo` to use it), sized width × height.
    func draw(_ cr: OpaquePointer, width: Double, height: Double)
    /// The rubber band the user dragged, in pane coordinates; `nil` when it was cleared.
    func selectionChanged(_ rect: SelectionRect?)
    /// Whether the window draws the committed rubber band over the pane; false when the pane draws
    /// the selection itself (e.g. as a depth band), so the two do not overlap.
    var showsSelectionBand: Bool { get }
    /// The pointer is at (x, y) over the pane, or left it (nil). Returns whether the pane's
    /// drawing changed (its hover readout), so the window redraws it.
    func hover(at point: (x: Double, y: Double)?) -> Bool
    /// A click (not a drag) at (x, y); returns true when the pane acted on it (e.g. chose a token).
    func clicked(at x: Double, y: Double) -> Bool
    /// The pane's data as tab-separated values (Ctrl+C), nil when it has none.
    var copyText: String? { get }
    /// Ways the pane can show its data; empty when there is one.
    var views: [String] { get }
    /// The index into `views` shown now.
    var view: Int { get set }
    /// The file name (without extension) both export actions give this chart, e.g. `heatmap`.
    var exportName: String { get }
}

extension ChartPane {
    public var showsSelectionBand: Bool { true }
    public func hover(at point: (x: Double, y: Double)?) -> Bool { false }
    public func clicked(at x: Double, y: Double) -> Bool { false }
    public var copyText: String? { nil }
    public var views: [String] { [] }
    public var exportName: String { title.lowercased().replacingOccurrences(of: " ", with: "-") }
    public var view: Int {
        get { 0 }
        set {}
    }
}

/// A rectangle in a pane's coordinates (pixels from its top-left corner), normalised to positive size.
public struct SelectionRect: Sendable, Equatable, Codable {
    public var x: Double, y: Double, width: Double, height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle spanned by two corners, in either order.
    public init(from start: (x: Double, y: Double), to end: (x: Double, y: Double)) {
        self.init(
            x: min(start.x, end.x), y: min(start.y, end.y),
            width: abs(end.x - start.x), height: abs(end.y - start.y))
    }

    /// Whether the drag was too small to mean a region (a click): then it clears the selection.
    public var isClick: Bool { width < 3 && height < 3 }
}
