import PluginKit

/// Identity of the built-in Comparison plugin.
public enum ComparisonPluginInfo {
    public static let info = PluginInfo(
        id: "comparison", title: "Model comparison",
        description:
            "Two models' top-1 token and probability by relative depth, agreement, selection summary",
        version: "1.0.0")
}
