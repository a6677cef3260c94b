import Charts
import Foundation

/// Writes what a plugin shows to PNG, PDF or SVG through the chart kit's atomic exporter.
public enum PluginExporter {
    /// Draws `plugin` at `size` into `path`.
    ///
    /// PNG is `size × scale` pixels; PDF and SVG are vector (`size` in points, fonts embedded).
    /// The file appears whole or not at all, and an existing file is replaced only when `overwrite`.
    /// - Throws: `ChartsError` for the file, or what the plugin's `draw` throws.
    @MainActor public static func export(
        _ plugin: any VisualizationPlugin, to path: String, format: ExportFormat? = nil, size: Size,
        scale: Double = 1, overwrite: Bool = false
    ) throws {
        try ChartExporter.export(
            to: path, format: format, size: size, scale: scale, overwrite: overwrite
        ) { canvas, size in
            try plugin.draw(canvas, size: size)
        }
    }

    /// The file name a plugin's export gets in a folder: `<id>.<format>`, e.g. `timeline.png`.
    public static func fileName(for info: PluginInfo, format: ExportFormat) -> String {
        "\(info.id).\(format.rawValue)"
    }

    /// Parses `WIDTHxHEIGHT` (e.g. `1200x800`).
    /// - Throws: `.invalidSize` when it is not two positive numbers.
    public static func parseSize(_ text: String) throws -> Size {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Double(parts[0]), let h = Double(parts[1]), w.isFinite, h.isFinite,
            w >= 1, h >= 1
        else { throw PluginError.invalidSize(text: text) }
        return Size(width: w, height: h)
    }
}
