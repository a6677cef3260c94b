import Analysis
import Charts
import Foundation
import PluginKit
import Shell

/// Exporting charts from the window: one pane to a file, or every plugin pane into a folder.
extension AppController {
    func export(pane index: Int, to url: URL, _ options: Shell.ExportOptions) {
        guard let snapshot = snapshot?.withLensGrids(), slots.indices.contains(index), let make = slots[index].make
        else {
            window.setStatus("Nothing to export yet")
            return
        }
        // Exports never replace a file (whatever GTK's chooser asked): a taken name gets -2, -3, ….
        let format = Charts.ExportFormat(rawValue: options.format.rawValue) ?? .png
        let path = freePath(
            in: url.deletingLastPathComponent(), base: url.deletingPathExtension().lastPathComponent,
            format: format)
        do {
            try write(make, snapshot: snapshot, to: path, options, overwrite: false)
            let name = (path as NSString).lastPathComponent
            window.setStatus(
                name == url.lastPathComponent
                    ? "Exported \(name)"
                    : "Exported \(name) (\(url.lastPathComponent) exists and is never replaced)")
            window.report(.exportFinished(count: 1, file: name))
        } catch {
            window.showError("Could not export to \(url.path): \(error)")
        }
    }

    func exportAll(to folder: URL, _ options: Shell.ExportOptions) {
        // The lens grids are read only while their pane shows: an export reads them from the kept run.
        guard let snapshot = snapshot?.withLensGrids() else {
            window.setStatus("Nothing to export yet")
            return
        }
        var written = 0
        var failures: [String] = []
        let format = Charts.ExportFormat(rawValue: options.format.rawValue) ?? .png
        for slot in slots {
            guard let make = slot.make, let pane = slot.pane else { continue }
            let path = freePath(in: folder, base: pane.plugin.info.id, format: format)
            do {
                try write(make, snapshot: snapshot, to: path, options, overwrite: false)
                written += 1
            } catch {
                failures.append("\(pane.title): \(error)")
            }
        }
        if failures.isEmpty {
            window.setStatus("Exported \(written) charts to \(folder.path)")
        } else {
            window.showError("Exported \(written) charts; failed: " + failures.joined(separator: "; "))
        }
        window.report(.exportFinished(count: written, file: nil))
    }

    /// Draws a fresh instance of the plugin (light theme, the shared selection) into `path`.
    private func write(
        _ make: () throws -> any VisualizationPlugin, snapshot: SessionSnapshot, to path: String,
        _ options: Shell.ExportOptions, overwrite: Bool
    ) throws {
        let plugin = try make()
        let offscreen = OffscreenHost(selection: host.selection, settings: PluginSettings(theme: .light))
        plugin.activate(host: offscreen)
        defer { plugin.deactivate() }
        plugin.update(snapshot)
        try PluginExporter.export(
            plugin, to: path, format: Charts.ExportFormat(rawValue: options.format.rawValue),
            size: Size(width: options.width, height: options.height), overwrite: overwrite)
    }

    /// `<folder>/<base>.<ext>`, or `<base>-2.<ext>`, `-3`, … when taken: exports never replace a file.
    private func freePath(in folder: URL, base: String, format: Charts.ExportFormat) -> String {
        var candidate = folder.appendingPathComponent("\(base).\(format.rawValue)").path
        var n = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = folder.appendingPathComponent("\(base)-\(n).\(format.rawValue)").path
            n += 1
        }
        return candidate
    }
}
