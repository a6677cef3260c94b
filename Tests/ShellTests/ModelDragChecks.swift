import CGtk
import Testing
@testable import Shell

/// Dragging a model from the picker onto the plugin area: part of the one serialized GTK test
/// (`MainWindowTests`), since GTK can be initialised only once per process.
extension MainWindowTests {
    func checkModelDrag(_ window: MainWindow, log: EventLog) {
        window.setModels(
            [ModelEntry(name: "A", path: "model-a"), ModelEntry(name: "B", path: "/models/b.gguf")],
            selected: 0)

        // The drag carries the path as a string.
        let provider = ModelDrag.content("/models/b.gguf")
        #expect(provider.flatMap(ModelDrag.string(of:)) == "/models/b.gguf")
        if let provider { g_object_unref(provider) }
        #expect(window.header.onRowDragged?(1) == "/models/b.gguf", "a popup row offers its model")
        #expect(window.header.onRowDragged?(5) == nil)

        // The plugin area accepts strings as well as files.
        #expect(dropTargetTypes(on: window.notebook).contains(ModelDrag.stringType))
        #expect(dropTargetTypes(on: window.notebook).contains(gdk_file_list_get_type()))
        #expect(dropTargetTypes(on: window.window).contains(gdk_file_list_get_type()))

        // A listed model's path becomes the comparison model and is selected in "vs".
        log.clear()
        #expect(window.dropCompareModel("/models/b.gguf"))
        #expect(log.events == ["compare /models/b.gguf"])
        #expect(gtk_drop_down_get_selected(g(window.header.compareDropDown)) == 2)
        #expect(window.header.compareModel?.path == "/models/b.gguf")
        #expect(window.settings.compareModel == "/models/b.gguf")

        // Anything else is ignored with a status message.
        log.clear()
        #expect(!window.dropCompareModel("/somewhere/else.gguf"))
        #expect(!window.dropCompareModel("hello"))
        #expect(log.events.isEmpty)
        #expect(window.statusText.contains("not one of the listed models"))
        #expect(window.header.compareModel?.path == "/models/b.gguf", "a refused drop keeps the choice")
    }

    /// The gtypes every GtkDropTarget on `widget` accepts.
    private func dropTargetTypes(on widget: UnsafeMutablePointer<GtkWidget>) -> [GType] {
        guard let controllers = gtk_widget_observe_controllers(widget) else { return [] }
        defer { g_object_unref(controllers.gRaw) }
        var types: [GType] = []
        for index in 0..<g_list_model_get_n_items(controllers) {
            guard let controller = g_list_model_get_item(controllers, index) else { continue }
            defer { g_object_unref(controller) }
            guard String(cString: g_type_name_from_instance(g(controller))) == "GtkDropTarget" else {
                continue
            }
            var count = 0
            if let list = gtk_drop_target_get_gtypes(g(controller), &count) {
                types += (0..<count).map { list[$0] }
            }
        }
        return types
    }
}
