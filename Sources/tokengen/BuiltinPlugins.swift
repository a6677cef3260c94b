import AttributionPlugin
import ClusteringPlugin
import ComparisonPlugin
import ContrastPlugin
import HeatmapPlugin
import LensGridPlugin
import PatchingPlugin
import PluginKit
import TimelinePlugin

/// The plugins built into TokenGen, registered statically (PluginKit cannot import them).
enum BuiltinPlugins {
    /// Every built-in plugin, in the order the app and the exporter list them.
    static let factories: [PluginFactory] = [
        PluginFactory(info: TimelinePluginInfo.info) { TimelinePlugin() },
        PluginFactory(info: HeatmapPluginInfo.info) { HeatmapPlugin() },
        PluginFactory(info: ClusteringPluginInfo.info) { ClusteringPlugin() },
        PluginFactory(info: ContrastPluginInfo.info) { ContrastPlugin() },
        PluginFactory(info: ComparisonPluginInfo.info) { ComparisonPlugin() },
        PluginFactory(info: LensGridPluginInfo.info) { LensGridPlugin() },
        PluginFactory(info: AttributionPluginInfo.info) { AttributionPlugin() },
        PluginFactory(info: PatchingPluginInfo.info) { PatchingPlugin() },
    ]

    /// A registry holding every built-in plugin.
    static func registry() throws -> PluginRegistry { try PluginRegistry(factories) }
}
