import Analysis
import Charts

/// What every snapshot-driven plugin keeps between calls: its host (weakly) and the latest snapshot.
@MainActor public final class PluginState {
    /// The window, exporter or test that activated the plugin; nil before `activate` and after
    /// `deactivate`.
    public weak var host: (any PluginHost)?
    /// The latest snapshot; nil before the first `update` and after `deactivate`.
    public var snapshot: SessionSnapshot?

    public init() {}
}

/// The host/snapshot/activate/update/deactivate code every built-in plugin shares: conform, keep a
/// `PluginState`, and draw from `snapshot`. A plugin with derived data rebuilds it in
/// `snapshotDidChange()`; one with cached layouts drops them in `didDeactivate()`.
public protocol SnapshotPlugin: VisualizationPlugin {
    /// The host and the latest snapshot.
    var state: PluginState { get }
    /// Called after each `update` stored the new snapshot (default: ask for a redraw).
    func snapshotDidChange()
    /// Called by `deactivate` before the host and snapshot are dropped (default: nothing).
    func didDeactivate()
}

extension SnapshotPlugin {
    public var host: (any PluginHost)? { state.host }
    public var snapshot: SessionSnapshot? { state.snapshot }

    public func activate(host: any PluginHost) { state.host = host }

    public func update(_ snapshot: SessionSnapshot) {
        state.snapshot = snapshot
        snapshotDidChange()
    }

    public func deactivate() {
        didDeactivate()
        state.host = nil
        state.snapshot = nil
    }

    public func snapshotDidChange() { requestRedraw() }
    public func didDeactivate() {}

    /// Asks the host for a redraw (nothing without a host).
    public func requestRedraw() { state.host?.requestRedraw(self) }
}
