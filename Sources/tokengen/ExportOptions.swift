import Analysis
import ArgumentParser
import Charts
import Foundation
import HeatmapPlugin
import PluginKit
import TimelinePlugin

/// `--export DIR --format png,pdf,svg [--plugins timeline,…] [--size 1200x800] [--scale 2] [--overwrite]`:
/// draws each plugin from the finished analysis into `DIR/<plugin>.<format>`.
struct ExportOptions: ParsableArguments {
    @Option(help: "Write each plugin's chart into this folder (created if missing), e.g. out.")
    var export: String?
    @Option(help: "Export formats, comma-separated: png, pdf, svg.") var format: String = "png"
    @Option(
        help:
            ArgumentHelp(
                "Plugins to export, comma-separated (default: all): "
                    + "timeline, heatmap, clustering, contrast, comparison.")
    )
    var plugins: String?
    @Option(help: "Chart size WIDTHxHEIGHT in points (PNG pixels before --scale).") var size: String =
        "1200x800"
    @Option(help: "PNG scale factor (2 = twice the pixels for a sharp print).") var scale: Double = 1
    @Flag(help: "Replace files that already exist (otherwise an existing file stops the export).")
    var overwrite = false
    @Option(name: .customLong("timeline-scale"), help: "Timeline y axis: prob, logprob or rank.")
    var timelineScale: String = "prob"
    @Option(
        name: .customLong("heatmap-mode"),
        help: "Heatmap: aggregate (layers × tokens) or heads (layer × head grid).")
    var heatmapMode: String = "aggregate"
    @Option(
        name: .customLong("select-cluster"),
        help: "Highlight head cluster N (1-based) in clustering and heatmap.")
    var selectCluster: Int?

    /// A checked export plan: which plugins, which formats, where.
    struct Plan {
        let folder: String
        let formats: [ExportFormat]
        let pluginIDs: [String]
        let size: Size
        let scale: Double
        let overwrite: Bool
        let timelineScale: TimelineScale
        let heatmapMode: HeatmapMode
        let selection: SharedSelection?

        var paths: [String] {
            pluginIDs.flatMap { id in
                formats.map { (folder as NSString).appendingPathComponent("\(id).\($0.rawValue)") }
            }
        }
    }

    /// The plan, or nil without `--export`; checked before the analysis runs so a typo fails fast.
    func plan(registry: PluginRegistry) throws -> Plan? {
        guard let export else { return nil }
        let formats = try Self.list(format).map { name -> ExportFormat in
            guard let f = ExportFormat(rawValue: name.lowercased()) else {
                throw CLIError("--format: '\(name)' is not a format; use png, pdf or svg (comma-separated)")
            }
            return f
        }
        let ids = try plugins.map(Self.list) ?? registry.ids
        for id in ids where !registry.ids.contains(id) {
            throw PluginError.unknownPlugin(id: id, known: registry.ids)
        }
        guard scale.isFinite, scale > 0, scale <= 16 else { throw ChartsError.invalidScale(scale) }
        let scales: [String: TimelineScale] = [
            "prob": .probability, "logprob": .logProbability, "rank": .rank,
        ]
        guard let timeline = scales[timelineScale] else {
            throw CLIError("--timeline-scale must be prob, logprob or rank, not \(timelineScale)")
        }
        let modes: [String: HeatmapMode] = ["aggregate": .aggregate, "heads": .perHead]
        guard let mode = modes[heatmapMode] else {
            throw CLIError("--heatmap-mode must be aggregate or heads, not \(heatmapMode)")
        }
        if let c = selectCluster, c < 1 { throw CLIError("--select-cluster counts from 1, not \(c)") }
        let plan = Plan(
            folder: export, formats: formats, pluginIDs: ids, size: try PluginExporter.parseSize(size),
            scale: scale,
            overwrite: overwrite, timelineScale: timeline, heatmapMode: mode,
            selection: selectCluster.map { SharedSelection(cluster: $0 - 1) })
        if !overwrite {
            for path in plan.paths where FileManager.default.fileExists(atPath: path) {
                throw CLIError("\(path) already exists: choose another --export folder, or pass --overwrite")
            }
        }
        return plan
    }

    static func list(_ text: String) throws -> [String] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard !items.isEmpty else { throw CLIError("an empty list: name at least one item, comma-separated") }
        return items
    }
}

extension ExportOptions.Plan {
    /// Feeds `snapshot` to a fresh instance of each plugin and writes every file; returns the paths written.
    @MainActor func run(_ snapshot: SessionSnapshot, registry: PluginRegistry) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let host = OffscreenHost(selection: selection)
        var written: [String] = []
        for id in pluginIDs {
            let plugin = try registry.make(id)
            (plugin as? TimelinePlugin)?.scale = timelineScale
            (plugin as? HeatmapPlugin)?.mode = heatmapMode
            plugin.activate(host: host)
            plugin.update(snapshot)
            defer { plugin.deactivate() }
            for format in formats {
                let path = (folder as NSString).appendingPathComponent(
                    PluginExporter.fileName(for: plugin.info, format: format))
                try PluginExporter.export(
                    plugin, to: path, format: format, size: size, scale: format == .png ? scale : 1,
                    overwrite: overwrite)
                written.append(path)
            }
        }
        return written
    }
}
