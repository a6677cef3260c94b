import CGtk
import Foundation

/// Asks where and how to export charts: a file for one chart, a folder for all of them, with format
/// and size as file-chooser choices.
///
/// For scripted tests, `TOKENGEN_EXPORT_FILE` pre-answers the single export and `TOKENGEN_EXPORT_DIR`
/// the folder; `TOKENGEN_EXPORT_FORMAT` (png|pdf|svg) and `TOKENGEN_EXPORT_SIZE` (`WIDTHxHEIGHT`) go with
/// them.
///
/// One rule for the format: the Format choice wins, and the file name's extension is corrected to
/// it (`chart.png` with SVG chosen is written as `chart.svg`). Existing files are never replaced:
/// the app picks `chart-2.svg`, `-3`, … (GTK 4's chooser still asks "Replace?"; the answer cannot
/// make an export replace a file).
@MainActor enum ExportDialog {
    static func exportOne(
        parent: UnsafeMutablePointer<GtkWidget>?, suggestedName: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        completion: @escaping @MainActor (URL, ExportOptions) -> Void
    ) {
        if let preset = environment["TOKENGEN_EXPORT_FILE"], !preset.isEmpty {
            var choices = ["size": environment["TOKENGEN_EXPORT_SIZE"] ?? "1200x750"]
            choices["format"] =
                environment["TOKENGEN_EXPORT_FORMAT"] ?? ExportFormat(fileName: preset)?.rawValue ?? "png"
            let (url, options) = resolve(ChooserAnswer(path: preset, choices: choices))
            completion(url, options)
            return
        }
        FileChooser.run(
            title: "Export Chart", parent: parent, action: GTK_FILE_CHOOSER_ACTION_SAVE,
            accept: "_Export", currentName: suggestedName + ".png", choices: choices
        ) { answer in
            let (url, options) = resolve(answer)
            completion(url, options)
        }
    }

    static func exportAll(
        parent: UnsafeMutablePointer<GtkWidget>?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        completion: @escaping @MainActor (URL, ExportOptions) -> Void
    ) {
        if let preset = environment["TOKENGEN_EXPORT_DIR"], !preset.isEmpty {
            completion(URL(fileURLWithPath: preset, isDirectory: true), presetOptions(environment))
            return
        }
        FileChooser.run(
            title: "Export All Charts to Folder", parent: parent,
            action: GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, accept: "_Export", choices: choices
        ) {
            let options = options(from: $0.choices)
            completion(URL(fileURLWithPath: $0.path, isDirectory: true), options)
        }
    }

    private static var choices: [ChooserChoice] {
        [
            ChooserChoice(
                id: "format", label: "Format",
                options: ExportFormat.allCases.map { ($0.rawValue, $0.rawValue.uppercased()) },
                selected: "png"),
            ChooserChoice(
                id: "size", label: "Size",
                options: ExportOptions.sizeChoices.map { ($0.id, $0.label) }, selected: "1200x750"),
        ]
    }

    /// The file and options from a save answer: the format choice wins; a typed chart extension
    /// (png, pdf, svg) is replaced by the chosen format's, any other name gets it appended.
    nonisolated static func resolve(_ answer: ChooserAnswer) -> (URL, ExportOptions) {
        let options = options(from: answer.choices)
        var path = answer.path
        if ExportFormat(fileName: (path as NSString).lastPathComponent) != nil {
            path = (path as NSString).deletingPathExtension
        }
        path += "." + options.format.rawValue
        return (URL(fileURLWithPath: path), options)
    }

    nonisolated static func options(from choices: [String: String]) -> ExportOptions {
        var options = ExportOptions()
        if let format = choices["format"].flatMap(ExportFormat.init(rawValue:)) { options.format = format }
        if let size = choices["size"].flatMap(parseSize) { (options.width, options.height) = size }
        return options
    }

    nonisolated static func presetOptions(_ environment: [String: String]) -> ExportOptions {
        options(from: [
            "format": environment["TOKENGEN_EXPORT_FORMAT"] ?? "png",
            "size": environment["TOKENGEN_EXPORT_SIZE"] ?? "1200x750",
        ])
    }

    /// `"1200x750"` → (1200, 750); nil unless both are positive numbers.
    nonisolated static func parseSize(_ text: String) -> (Double, Double)? {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Double(parts[0]), let height = Double(parts[1]),
            width > 0, height > 0, width <= 20_000, height <= 20_000
        else { return nil }
        return (width, height)
    }
}
