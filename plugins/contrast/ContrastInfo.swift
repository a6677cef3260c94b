import PluginKit

/// Identity of the built-in Contrast plugin.
public enum ContrastPluginInfo {
    public static let info = PluginInfo(
        id: "contrast", title: "Contrast", description: "Contrast view of the analysis session", version: "0.1.0")
}
