import CGtk
import Testing

@testable import Shell

/// "Get model…" at the end of both model pickers: part of the one serialized GTK test (`MainWindowTests`),
/// since GTK can be initialised only once per process.
extension MainWindowTests {
    func checkGetModelItem(_ window: MainWindow, log: EventLog) {
        let opener = window.header.onGetModel
        defer { window.header.onGetModel = opener }
        window.header.onGetModel = { log.add("get-model \($0 ? "compare" : "model")") }
        window.setModels(
            [ModelEntry(name: "A", path: "model-a"), ModelEntry(name: "B", path: "model-b")], selected: 1, compare: 0)
        log.clear()
        let model = g(window.header.modelDropDown) as OpaquePointer
        let compare = g(window.header.compareDropDown) as OpaquePointer
        #expect(itemCount(model) == 3 && itemCount(compare) == 4, "models, then Get model…")
        #expect(itemText(model, 2) == HeaderBar.getModelItem && itemText(compare, 3) == HeaderBar.getModelItem)

        // Picking it asks for the dialog and leaves the chosen models selected.
        gtk_drop_down_set_selected(model, 2)
        gtk_drop_down_set_selected(compare, 3)
        #expect(log.events == ["get-model model", "get-model compare"])
        #expect(window.header.selectedModel?.path == "model-b")
        #expect(window.header.compareModel?.path == "model-a")

        // With no model listed, the picker still offers it.
        window.setModels([], selected: nil)
        log.clear()
        #expect(itemText(model, 0) == "No model" && itemText(model, 1) == HeaderBar.getModelItem)
        gtk_drop_down_set_selected(model, 1)
        #expect(log.events == ["get-model model"])
    }

    private func itemCount(_ dropDown: OpaquePointer) -> Int {
        guard let list = gtk_drop_down_get_model(dropDown) else { return 0 }
        return Int(g_list_model_get_n_items(list))
    }

    private func itemText(_ dropDown: OpaquePointer, _ index: Int) -> String? {
        guard let list = gtk_drop_down_get_model(dropDown),
            let item = g_list_model_get_item(list, guint(index))
        else { return nil }
        defer { g_object_unref(item) }
        return gtk_string_object_get_string(g(item)).map { String(cString: $0) }
    }
}
