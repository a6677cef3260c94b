import CGtk
import Foundation

/// The window's actions: what the menu, the buttons and the keyboard shortcuts trigger.
extension MainWindow {
    func installActions() {
        winActions.add("analyze") { [weak self] in self?.analyze() }
        winActions.add("open") { [weak self] in
            guard let self else { return }
            OpenModelDialog.present(parent: window, folder: false) { [weak self] in self?.chooseModel($0) }
        }
        winActions.add("open-folder") { [weak self] in
            guard let self else { return }
            OpenModelDialog.present(parent: window, folder: true) { [weak self] in self?.chooseModel($0) }
        }
        winActions.add("open-compare") { [weak self] in
            guard let self else { return }
            // TOKENGEN_OPEN_COMPARE_MODEL pre-answers this dialog (scripted tests),
            // as TOKENGEN_OPEN_MODEL does Open's.
            var environment = ProcessInfo.processInfo.environment
            environment["TOKENGEN_OPEN_MODEL"] = environment["TOKENGEN_OPEN_COMPARE_MODEL"]
            OpenModelDialog.present(parent: window, folder: false, environment: environment) {
                [weak self] in
                guard let self else { return }
                chooseCompareModel($0)
            }
        }
        winActions.add("get-model") { [weak self] in self?.getModel(forComparison: false) }
        winActions.add("export") { [weak self] in
            guard let self else { return }
            guard panes.indices.contains(currentPane) else {
                setStatus("Nothing to export yet")
                return
            }
            let index = currentPane
            let name = panes[index].pane.exportName
            ExportDialog.exportOne(parent: window, suggestedName: name) { [weak self] url, options in
                guard let self else { return }
                onExport?(index, url, options)
            }
        }
        winActions.add("export-all") { [weak self] in
            guard let self else { return }
            guard !panes.isEmpty else {
                setStatus("Nothing to export yet")
                return
            }
            ExportDialog.exportAll(parent: window) { [weak self] url, options in self?.onExportAll?(url, options)
            }
        }
        appActions.add("shortcuts") { [weak self] in
            guard let self, Shortcuts.present(over: window) != nil else { return }
            markReady("shortcuts \(Shortcuts.all.filter(\.listed).count)")
        }
        appActions.add("about") { [weak self] in
            guard let self else { return }
            MessageDialog.presentAbout(parent: window, version: version)
        }
        appActions.add("quit") { [weak self] in
            guard let self else { return }
            if let onQuit { onQuit() } else { close() }
        }
    }
}
