import PluginKit

/// Identity of the built-in Contrast plugin.
public enum ContrastPluginInfo {
    public static let info = PluginInfo(
        id: "contrast", title: "Contrast",
        description: "log p(A) − log p(B) of two candidates at every layer, with both ranks",
        version: "1.0.0")
}
