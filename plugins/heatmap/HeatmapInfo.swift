import PluginKit

/// Identity of the built-in Heatmap plugin.
public enum HeatmapPluginInfo {
    public static let info = PluginInfo(
        id: "heatmap", title: "Attention heatmap",
        description: "How much the query position attends to each prompt token, per layer, or per head",
        version: "1.0.0")
}
