import PluginKit

/// Identity of the built-in Attribution plugin.
public enum AttributionPluginInfo {
    public static let info = PluginInfo(
        id: "attribution", title: "Attribution",
        description: "Direct logit attribution: how much each block's attention and MLP, and each head, "
            + "add to the target's logit",
        version: "1.0.0")
}
