import CGtk
import Foundation

/// Dragging a model from the picker onto the plugin area makes it the comparison model.
///
/// Drag sources: the model dropdown itself (dragging the model selected there) and every row of its
/// popup list (dragging that row's model). The drop target is the notebook of chart panes.
extension MainWindow {
    func installModelDrag() {
        ModelDrag.addSource(to: header.modelDropDown) { [weak self] in self?.header.selectedModel?.path }
        ModelDrag.keepPointer(on: header.modelDropDown)
        header.onRowDragged = { [weak self] index in
            guard let self else { return nil }
            return header.models.indices.contains(index) ? header.models[index].path : nil
        }
        ModelDrag.installTarget(
            on: notebook, onString: { [weak self] text in self?.dropCompareModel(text) ?? false },
            onFile: { [weak self] path in self?.chooseModel(path) })
    }

    /// Handles a string dropped on the plugin area: a listed model's path becomes the comparison model
    /// (selected in the "vs" dropdown, `onCompareModelChosen` called); anything else is ignored with a
    /// status message. Returns whether the drop was accepted.
    @discardableResult
    func dropCompareModel(_ text: String) -> Bool {
        let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let index = header.models.firstIndex(where: { $0.path == path }) else {
            setStatus("Ignored the drop: not one of the listed models. Drag a model from the model list")
            return false
        }
        header.selectCompare(index)
        storedSettings.compareModel = path
        setStatus("Comparing with \(header.models[index].name)")
        onCompareModelChosen?(path)
        return true
    }
}
