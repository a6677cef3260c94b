import CGtk
import Foundation

/// The window's actions: what the menu, the buttons and the keyboard shortcuts trigger.
extension MainWindow {
    func installActions() {
        winActions.add("analyze") { [unowned self] in analyze() }
        winActions.add("open") { [unowned self] in
            OpenModelDialog.present(parent: window, folder: false) { [unowned self] in chooseModel($0) }
        }
        winActions.add("open-folder") { [unowned self] in
            OpenModelDialog.present(parent: window, folder: true) { [unowned self] in chooseModel($0) }
        }
        winActions.add("open-compare") { [unowned self] in
            // TOKENGEN_OPEN_COMPARE_MODEL pre-answers this dialog (scripted tests),
            // as TOKENGEN_OPEN_MODEL does Open's.
            var environment = ProcessInfo.processInfo.environment
            environment["TOKENGEN_OPEN_MODEL"] = environment["TOKENGEN_OPEN_COMPARE_MODEL"]
            OpenModelDialog.present(parent: window, folder: false, environment: environment) {
                [unowned self] in
                chooseCompareModel($0)
            }
        }
        winActions.add("get-model") { [unowned self] in getModel(forComparison: false) }
        winActions.add("export") { [unowned self] in
            guard panes.indices.contains(currentPane) else {
                setStatus("Nothing to export yet")
                return
            }
            let index = currentPane
            let name = panes[index].pane.title.lowercased().replacingOccurrences(of: " ", with: "-")
            ExportDialog.exportOne(parent: window, suggestedName: name) { [unowned self] url, options in
                onExport?(index, url, options)
            }
        }
        winActions.add("export-all") { [unowned self] in
            guard !panes.isEmpty else {
                setStatus("Nothing to export yet")
                return
            }
            ExportDialog.exportAll(parent: window) { [unowned self] url, options in onExportAll?(url, options)
            }
        }
        appActions.add("shortcuts") { [unowned self] in _ = Shortcuts.present(over: window) }
        appActions.add("about") { [unowned self] in
            MessageDialog.presentAbout(parent: window, version: version)
        }
        appActions.add("quit") { [unowned self] in
            if let onQuit { onQuit() } else { close() }
        }
    }
}
