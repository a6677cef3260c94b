import PluginKit

/// Identity of the built-in Timeline plugin.
public enum TimelinePluginInfo {
    public static let info = PluginInfo(
        id: "timeline", title: "Timeline",
        description: "Probability, log-probability or rank of the top candidates through the layers",
        version: "1.0.0")
}
