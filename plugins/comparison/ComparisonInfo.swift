import PluginKit

/// Identity of the built-in Comparison plugin.
public enum ComparisonPluginInfo {
    public static let info = PluginInfo(
        id: "comparison", title: "Comparison", description: "Comparison view of the analysis session", version: "0.1.0")
}
