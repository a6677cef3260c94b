import CGtk

/// The "View" dropdown at the right of the chart tabs: the ways the shown chart can draw its data
/// (e.g. the Timeline's probability, rank or top-k table). Hidden for a chart with one way.
@MainActor final class ViewPicker {
    let widget: UnsafeMutablePointer<GtkWidget>
    private let dropDown: UnsafeMutablePointer<GtkWidget>
    /// The dropdown itself (geometry `view`, for scripted tests).
    var dropDownWidget: UnsafeMutablePointer<GtkWidget> { dropDown }
    private var updating = false
    /// Called with the index the user picked.
    var onPick: ((Int) -> Void)?

    init() {
        widget = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 6)
        dropDown = Widgets.dropDown([""])
        let label = Widgets.mnemonicLabel("Vie_w", for: dropDown)
        Widgets.describe(dropDown, label: "View", tooltip: "How the chart shows its data")
        Widgets.append(widget, label, dropDown)
        gtk_widget_set_margin_end(widget, 4)
        Signal.onVoid3(dropDown, "notify::selected") { [weak self] in
            guard let self, !updating else { return }
            onPick?(Int(gtk_drop_down_get_selected(g(dropDown))))
        }
        gtk_widget_set_visible(widget, 0)
    }

    /// Shows `views` with `selected` chosen, or hides the picker when there are none.
    func show(_ views: [String], selected: Int) {
        updating = true
        defer { updating = false }
        gtk_widget_set_visible(widget, views.isEmpty ? 0 : 1)
        guard !views.isEmpty else { return }
        let list: OpaquePointer = withCStringArray(views) { gtk_string_list_new($0) }
        gtk_drop_down_set_model(g(dropDown), g(list))
        g_object_unref(list.gRaw)
        gtk_drop_down_set_selected(g(dropDown), guint(min(max(selected, 0), views.count - 1)))
    }
}
