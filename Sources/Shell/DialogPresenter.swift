import Analysis
import CGtk
import Foundation

/// Every dialog the window opens, behind one seam: the GTK dialogs for users, answers given in
/// advance for scripted runs, and whatever a test puts in their place (`MainWindow.dialogs`).
@MainActor public protocol DialogPresenter: AnyObject {
    /// Asks for a model file or folder (`comparison`: the model to compare with).
    func chooseModel(folder: Bool, comparison: Bool, completion: @escaping @MainActor (String) -> Void)
    /// Asks where and how to export one chart, suggesting `suggestedName`.
    func chooseExportFile(suggestedName: String, completion: @escaping @MainActor (URL, ExportOptions) -> Void)
    /// Asks for a folder (and options) to export every chart into.
    func chooseExportFolder(completion: @escaping @MainActor (URL, ExportOptions) -> Void)
    /// Shows an error message (the status bar and stderr have it already).
    func showError(_ message: String)
    /// Asks whether to run a long prompt, showing its estimated time and memory; `completion(true)` runs it.
    func confirmLongRun(_ estimate: RunEstimate, completion: @escaping @MainActor (Bool) -> Void)
}

extension DialogPresenter {
    /// Presenters that do not ask (test doubles written before this question existed) run the prompt.
    public func confirmLongRun(_ estimate: RunEstimate, completion: @escaping @MainActor (Bool) -> Void) {
        completion(true)
    }
}

/// The GTK dialogs over the main window, each question answered in advance when the
/// `ShellEnvironment` says so (scripted tests), and error dialogs skipped with `noDialogs`.
@MainActor final class GtkDialogPresenter: DialogPresenter {
    private let parent: UnsafeMutablePointer<GtkWidget>
    private let environment: ShellEnvironment

    init(parent: UnsafeMutablePointer<GtkWidget>, environment: ShellEnvironment) {
        self.parent = parent
        self.environment = environment
    }

    func chooseModel(folder: Bool, comparison: Bool, completion: @escaping @MainActor (String) -> Void) {
        if let preset = comparison ? environment.openCompareModel : environment.openModel {
            completion(preset)
            return
        }
        OpenModelDialog.present(parent: parent, folder: folder, completion: completion)
    }

    func chooseExportFile(suggestedName: String, completion: @escaping @MainActor (URL, ExportOptions) -> Void) {
        if let preset = environment.exportFile {
            var choices = ["size": environment.exportSize ?? "1200x750"]
            choices["format"] = environment.exportFormat ?? ExportFormat(fileName: preset)?.rawValue ?? "png"
            let (url, options) = ExportDialog.resolve(ChooserAnswer(path: preset, choices: choices))
            completion(url, options)
            return
        }
        ExportDialog.exportOne(parent: parent, suggestedName: suggestedName, completion: completion)
    }

    func chooseExportFolder(completion: @escaping @MainActor (URL, ExportOptions) -> Void) {
        if let preset = environment.exportDirectory {
            let options = ExportDialog.options(from: [
                "format": environment.exportFormat ?? "png", "size": environment.exportSize ?? "1200x750",
            ])
            completion(URL(fileURLWithPath: preset, isDirectory: true), options)
            return
        }
        ExportDialog.exportAll(parent: parent, completion: completion)
    }

    func showError(_ message: String) {
        guard !environment.noDialogs else { return }
        MessageDialog.present(title: "TokenGen", message: message, parent: parent)
    }

    func confirmLongRun(_ estimate: RunEstimate, completion: @escaping @MainActor (Bool) -> Void) {
        if let preset = environment.confirmLongRun {
            completion(preset)
            return
        }
        // Scripted runs without an answer run the prompt rather than wait for a click.
        if environment.noDialogs {
            completion(true)
            return
        }
        ConfirmDialog.present(
            title: "Run a long prompt?",
            message: "This prompt is \(estimate.tokens) tokens. Analyzing it will take \(estimate.summary) "
                + "(an estimate for this machine).",
            confirm: "_Run", parent: parent, completion: completion)
    }
}
