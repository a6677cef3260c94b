import PluginKit

/// Identity of the built-in Clustering plugin.
public enum ClusteringPluginInfo {
    public static let info = PluginInfo(
        id: "clustering", title: "Head clusters",
        description:
            "UMAP map of the attention heads coloured by k-means cluster, with each cluster's mean pattern",
        version: "1.0.0")
}
