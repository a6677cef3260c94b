import ClusteringPlugin
import ComparisonPlugin
import ContrastPlugin
import HeatmapPlugin
import PluginKit
import Testing
import TimelinePlugin

@Suite("Every built-in plugin passes checkPlugin")
@MainActor
struct ConformanceTests {
    @Test("timeline conforms") func timeline() throws {
        try checkPlugin { TimelinePlugin() }
        let p = TimelinePlugin()
        p.scale = .rank
        try checkPlugin { p }
    }

    @Test("heatmap conforms in both modes") func heatmap() throws {
        try checkPlugin { HeatmapPlugin() }
        try checkPlugin {
            let p = HeatmapPlugin()
            p.mode = .perHead
            return p
        }
    }

    @Test("clustering conforms") func clustering() throws { try checkPlugin { ClusteringPlugin() } }
    @Test("contrast conforms") func contrast() throws { try checkPlugin { ContrastPlugin() } }
    @Test("comparison conforms") func comparison() throws { try checkPlugin { ComparisonPlugin() } }

    @Test("ids are unique and the registry refuses a duplicate or unknown id") func registry() throws {
        let factories = [
            PluginFactory(info: TimelinePluginInfo.info) { TimelinePlugin() },
            PluginFactory(info: HeatmapPluginInfo.info) { HeatmapPlugin() },
            PluginFactory(info: ClusteringPluginInfo.info) { ClusteringPlugin() },
            PluginFactory(info: ContrastPluginInfo.info) { ContrastPlugin() },
            PluginFactory(info: ComparisonPluginInfo.info) { ComparisonPlugin() },
        ]
        var registry = try PluginRegistry(factories)
        #expect(registry.ids == ["timeline", "heatmap", "clustering", "contrast", "comparison"])
        #expect(try registry.make("contrast").info.id == "contrast")
        #expect(throws: PluginError.duplicatePlugin(id: "timeline")) { try registry.register(factories[0]) }
        #expect(throws: PluginError.unknownPlugin(id: "nope", known: registry.ids)) {
            try registry.make("nope")
        }
        let bad = PluginInfo(id: "Bad Id", title: "x", description: "", version: "1")
        #expect(throws: PluginError.self) {
            try registry.register(PluginFactory(info: bad) { TimelinePlugin() })
        }
        let old = PluginInfo(id: "old", title: "Old", description: "", version: "1", apiVersion: 0)
        #expect(throws: PluginError.self) { try PluginInfoCheck.validate(old) }
    }
}
