import CGtk
import Foundation

/// Asks for a model: a `.gguf` file, or a folder (Hugging Face layout with `config.json`).
///
/// A file chooser cannot pick files and folders at once, so there are two entry points.
/// Scripted runs answer it in advance through `GtkDialogPresenter`.
@MainActor enum OpenModelDialog {
    static func present(
        parent: UnsafeMutablePointer<GtkWidget>?, folder: Bool,
        completion: @escaping @MainActor (String) -> Void
    ) {
        if folder {
            FileChooser.run(
                title: "Open Model Folder", parent: parent, action: GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                accept: "_Open"
            ) { completion($0.path) }
        } else {
            FileChooser.run(
                title: "Open Model File", parent: parent, action: GTK_FILE_CHOOSER_ACTION_OPEN,
                accept: "_Open",
                filters: [
                    .init(name: "GGUF models", patterns: ["*.gguf", "*.GGUF"]),
                    .init(name: "All files", patterns: ["*"]),
                ]
            ) { completion($0.path) }
        }
    }

    /// Whether `path` looks like a model the app can open: a `.gguf` file or a folder.
    nonisolated static func isModel(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return false }
        return isFolder.boolValue || path.lowercased().hasSuffix(".gguf")
    }
}
