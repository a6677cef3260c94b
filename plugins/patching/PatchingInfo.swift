import PluginKit

/// Identity of the built-in Patching plugin.
public enum PatchingPluginInfo {
    public static let info = PluginInfo(
        id: "patching", title: "Patching",
        description: "Activation patching: how much of the clean answer each layer and position restores "
            + "in the corrupted prompt",
        version: "1.0.0")
}
