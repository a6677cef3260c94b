import Charts

/// A host with no window: for export from the command line and for tests.
///
/// Counts redraw requests so a test can see that a plugin asked for one.
public final class OffscreenHost: PluginHost {
    public var selection: SharedSelection?
    public var settings: PluginSettings
    public private(set) var redrawRequests = 0

    public init(selection: SharedSelection? = nil, settings: PluginSettings = PluginSettings()) {
        self.selection = selection
        self.settings = settings
    }

    public func requestRedraw(_ plugin: any VisualizationPlugin) { redrawRequests += 1 }
}
