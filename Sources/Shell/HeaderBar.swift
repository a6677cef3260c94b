import CGtk

/// The title bar: model and comparison dropdowns, the Analyze button and the main menu.
@MainActor final class HeaderBar {
    let widget: UnsafeMutablePointer<GtkWidget>
    let modelDropDown: UnsafeMutablePointer<GtkWidget>
    let compareDropDown: UnsafeMutablePointer<GtkWidget>
    let analyzeButton: UnsafeMutablePointer<GtkWidget>
    let menuButton: UnsafeMutablePointer<GtkWidget>
    private(set) var models: [ModelEntry] = []
    private var updating = false
    var onModelChosen: ((ModelEntry) -> Void)?
    var onCompareChosen: ((ModelEntry?) -> Void)?
    /// The "Open file…" entry at the end of the "vs" list was chosen.
    var onCompareOpenFile: (() -> Void)?
    /// The "vs" list's last entry, after the models and "Get model…".
    static let openFileEntry = "Open file…"
    /// A row of the model popup list started a drag: the path to offer for row `index` (nil: no drag).
    var onRowDragged: ((Int) -> String?)?
    /// "Get model…" was picked in a dropdown (`forComparison`: in the "vs" one); the selection is kept.
    var onGetModel: ((_ forComparison: Bool) -> Void)?
    /// The last item of both dropdowns, after the models.
    static let getModelItem = "Get model…"
    private var shownModel = 0
    private var shownCompare = 0
    /// The selection being put back after "Get model…": its change notification (which GTK may deliver
    /// after the handler that caused it returns) is not a choice.
    private var restoringModel: Int?
    private var restoringCompare: Int?

    init() {
        widget = gtk_header_bar_new()
        modelDropDown = Widgets.dropDown(["No model"])
        compareDropDown = Widgets.dropDown(["None"])
        analyzeButton = gtk_button_new_with_mnemonic("_Analyze")
        gtk_widget_add_css_class(analyzeButton, "suggested-action")
        gtk_actionable_set_action_name(g(analyzeButton), "win.analyze")
        menuButton = gtk_menu_button_new()
        gtk_menu_button_set_icon_name(g(menuButton), "open-menu-symbolic")
        gtk_menu_button_set_menu_model(g(menuButton), Self.makeMenu())
        Widgets.describe(
            modelDropDown, label: "Model", tooltip: "The model to analyse (Ctrl+O opens another)")
        Widgets.describe(compareDropDown, label: "Compare with", tooltip: "A second model to compare against")
        Widgets.describe(analyzeButton, label: "Analyze", tooltip: "Run the analysis (Ctrl+Enter)")
        Widgets.describe(menuButton, label: "Main menu")
        let compareLabel: UnsafeMutablePointer<GtkWidget> = gtk_label_new("vs")
        gtk_widget_add_css_class(compareLabel, "dim-label")
        gtk_drop_down_set_list_factory(g(modelDropDown), makeDraggableRows())
        gtk_header_bar_pack_start(g(widget), modelDropDown)
        gtk_header_bar_pack_start(g(widget), compareLabel)
        gtk_header_bar_pack_start(g(widget), compareDropDown)
        gtk_header_bar_pack_end(g(widget), menuButton)
        gtk_header_bar_pack_end(g(widget), analyzeButton)
        Signal.onVoid3(modelDropDown, "notify::selected") { [weak self] in
            guard let self else { return }
            let index = Int(gtk_drop_down_get_selected(g(modelDropDown)))
            if restoringModel == index {
                restoringModel = nil
                return
            }
            guard !updating else { return }
            if index == max(models.count, 1) { return getModel(forComparison: false) }
            shownModel = index
            guard let entry = selectedModel else { return }
            onModelChosen?(entry)
        }
        Signal.onVoid3(compareDropDown, "notify::selected") { [weak self] in
            guard let self else { return }
            let index = Int(gtk_drop_down_get_selected(g(compareDropDown)))
            if restoringCompare == index {
                restoringCompare = nil
                return
            }
            guard !updating else { return }
            if index == models.count + 1 { return getModel(forComparison: true) }
            if index == models.count + 2 {
                // "Open file…": put the shown choice back (its late notification is not a choice), then ask for a file.
                restoringCompare = shownCompare
                gtk_drop_down_set_selected(g(compareDropDown), guint(shownCompare))
                onCompareOpenFile?()
                return
            }
            shownCompare = index
            onCompareChosen?(compareModel)
        }
    }

    /// Puts back the selection "Get model…" replaced, then asks for the dialog.
    private func getModel(forComparison: Bool) {
        let previous = forComparison ? shownCompare : shownModel
        if forComparison { restoringCompare = previous } else { restoringModel = previous }
        gtk_drop_down_set_selected(g(forComparison ? compareDropDown : modelDropDown), guint(previous))
        onGetModel?(forComparison)
    }

    /// The model popup's rows: labels that can be dragged (see `onRowDragged`).
    private func makeDraggableRows() -> OpaquePointer {
        let factory: OpaquePointer = gtk_signal_list_item_factory_new()
        let positionKey = "tokengen-row"
        Signal.onObject(factory, "setup") { [weak self] item in
            guard let self else { return }
            let label: UnsafeMutablePointer<GtkWidget> = gtk_label_new(nil)
            gtk_label_set_xalign(g(label), 0)
            gtk_list_item_set_child(g(item), label)
            let labelBits = UInt(bitPattern: label)
            ModelDrag.addSource(to: label) { [weak self] in
                guard let self else { return nil }
                guard let label = UnsafeMutableRawPointer(bitPattern: labelBits) else { return nil }
                let stored = Int(bitPattern: g_object_get_data(g(label), positionKey))
                return stored > 0 ? onRowDragged?(stored - 1) : nil
            }
        }
        Signal.onObject(factory, "bind") { item in
            guard let label = gtk_list_item_get_child(g(item)) else { return }
            let position = Int(gtk_list_item_get_position(g(item)))
            if let object = gtk_list_item_get_item(g(item)),
                let text = gtk_string_object_get_string(g(object))
            {
                gtk_label_set_text(g(label), text)
            }
            g_object_set_data(g(label), positionKey, UnsafeMutableRawPointer(bitPattern: position + 1))
        }
        return factory
    }

    private static func makeMenu() -> UnsafeMutablePointer<GMenuModel> {
        let menu: OpaquePointer = g_menu_new()
        let files: OpaquePointer = g_menu_new()
        g_menu_append(files, "_Open Model File…", "win.open")
        g_menu_append(files, "Open Model _Folder…", "win.open-folder")
        g_menu_append(files, "Open _Comparison Model File…", "win.open-compare")
        g_menu_append(files, "_Get Model from the Hub…", "win.get-model")
        let export: OpaquePointer = g_menu_new()
        g_menu_append(export, "_Export Chart…", "win.export")
        g_menu_append(export, "Export _All Charts…", "win.export-all")
        let help: OpaquePointer = g_menu_new()
        g_menu_append(help, "_Keyboard Shortcuts", "app.shortcuts")
        g_menu_append(help, "_About TokenGen", "app.about")
        g_menu_append(help, "_Quit", "app.quit")
        for section in [files, export, help] {
            g_menu_append_section(menu, nil, g(section))
            g_object_unref(section.gRaw)
        }
        return g(menu)
    }

    /// Replaces both dropdowns' lists, selecting `selected` and `compare` (indices into `models`).
    func setModels(_ newModels: [ModelEntry], selected: Int?, compare: Int?) {
        updating = true
        defer { updating = false }
        models = newModels
        let names = newModels.map(\.name)
        setStrings(modelDropDown, (names.isEmpty ? ["No model"] : names) + [Self.getModelItem])
        setStrings(compareDropDown, ["None"] + names + [Self.getModelItem, Self.openFileEntry])
        let invalid = guint(GTK_INVALID_LIST_POSITION)
        let index = selected.flatMap { newModels.indices.contains($0) ? guint($0) : nil }
        gtk_drop_down_set_selected(g(modelDropDown), index ?? (newModels.isEmpty ? 0 : invalid))
        let compareIndex = compare.flatMap { newModels.indices.contains($0) ? guint($0 + 1) : nil }
        gtk_drop_down_set_selected(g(compareDropDown), compareIndex ?? 0)
        shownModel = Int(index ?? invalid)
        shownCompare = Int(compareIndex ?? 0)
    }

    private func setStrings(_ dropDown: UnsafeMutablePointer<GtkWidget>, _ strings: [String]) {
        let list: OpaquePointer = withCStringArray(strings) { gtk_string_list_new($0) }
        gtk_drop_down_set_model(g(dropDown), g(list))
        g_object_unref(list.gRaw)
    }

    /// Selects `models[index]` in the "vs" dropdown without calling `onCompareChosen`.
    func selectCompare(_ index: Int) {
        guard models.indices.contains(index) else { return }
        updating = true
        defer { updating = false }
        gtk_drop_down_set_selected(g(compareDropDown), guint(index + 1))
        shownCompare = index + 1
    }

    var selectedModel: ModelEntry? {
        let index = Int(gtk_drop_down_get_selected(g(modelDropDown)))
        return models.indices.contains(index) ? models[index] : nil
    }

    var compareModel: ModelEntry? {
        let index = Int(gtk_drop_down_get_selected(g(compareDropDown))) - 1
        return models.indices.contains(index) ? models[index] : nil
    }
}
