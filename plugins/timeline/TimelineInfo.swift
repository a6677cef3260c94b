import PluginKit

/// Identity of the built-in Timeline plugin.
public enum TimelinePluginInfo {
    public static let info = PluginInfo(
        id: "timeline", title: "Timeline", description: "Timeline view of the analysis session", version: "0.1.0")
}
