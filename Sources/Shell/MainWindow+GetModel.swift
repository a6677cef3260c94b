import CGtk

/// "Get model…" in the pickers and the menu: the download dialog, and selecting the model it fetched.
extension MainWindow {
    /// Opens the "Get model" dialog; the model it downloads becomes the analysed model, or the comparison
    /// model when the dialog was opened from the "vs" picker.
    func getModel(forComparison: Bool) {
        GetModelDialog.present(
            parent: window, supported: supportedModelTypes,
            report: { [weak self] event in self?.report(event) },
            onReady: { [weak self] repo in
                if forComparison { self?.chooseCompareModel(repo) } else { self?.chooseModel(repo) }
            })
    }
}
