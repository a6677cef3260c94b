import CGtk
import Foundation

/// The window's actions: what the menu, the buttons and the keyboard shortcuts trigger.
extension MainWindow {
    func installActions() {
        winActions.add("analyze") { [weak self] in self?.analyze() }
        winActions.add("open") { [weak self] in
            guard let self else { return }
            dialogs.chooseModel(folder: false, comparison: false) { [weak self] in self?.chooseModel($0) }
        }
        winActions.add("open-folder") { [weak self] in
            guard let self else { return }
            dialogs.chooseModel(folder: true, comparison: false) { [weak self] in self?.chooseModel($0) }
        }
        winActions.add("open-compare") { [weak self] in
            guard let self else { return }
            dialogs.chooseModel(folder: false, comparison: true) {
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
            dialogs.chooseExportFile(suggestedName: name) { [weak self] url, options in
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
            dialogs.chooseExportFolder { [weak self] url, options in self?.onExportAll?(url, options)
            }
        }
        appActions.add("shortcuts") { [weak self] in
            guard let self, Shortcuts.present(over: window) != nil else { return }
            report(.shortcuts(Shortcuts.all.filter(\.listed).count))
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
