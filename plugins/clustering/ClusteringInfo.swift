import PluginKit

/// Identity of the built-in Clustering plugin.
public enum ClusteringPluginInfo {
    public static let info = PluginInfo(
        id: "clustering", title: "Clustering", description: "Clustering view of the analysis session", version: "0.1.0")
}
