import PluginKit

/// Identity of the built-in Lens grid plugin.
public enum LensGridPluginInfo {
    public static let info = PluginInfo(
        id: "lens-grid", title: "Lens grid",
        description: "The logit lens's top-1 token at every layer and position, coloured by its probability",
        version: "1.0.0")
}
