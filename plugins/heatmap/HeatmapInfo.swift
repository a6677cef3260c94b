import PluginKit

/// Identity of the built-in Heatmap plugin.
public enum HeatmapPluginInfo {
    public static let info = PluginInfo(
        id: "heatmap", title: "Heatmap", description: "Heatmap view of the analysis session", version: "0.1.0")
}
