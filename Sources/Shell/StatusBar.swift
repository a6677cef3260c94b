import CGtk

/// The bottom row: a status message, and a progress bar with a Cancel button while work runs.
@MainActor final class StatusBar {
    let widget: UnsafeMutablePointer<GtkWidget>
    private let label: UnsafeMutablePointer<GtkWidget>
    private let progress: UnsafeMutablePointer<GtkWidget>
    private let cancel: UnsafeMutablePointer<GtkWidget>
    var onCancel: (() -> Void)?

    init() {
        widget = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 8)
        label = gtk_label_new("Ready")
        gtk_label_set_xalign(g(label), 0)
        gtk_label_set_ellipsize(g(label), PANGO_ELLIPSIZE_END)
        gtk_widget_set_hexpand(label, 1)
        Widgets.describe(label, label: "Status")
        progress = gtk_progress_bar_new()
        gtk_widget_set_valign(progress, GTK_ALIGN_CENTER)
        gtk_widget_set_size_request(progress, 200, -1)
        Widgets.describe(progress, label: "Progress")
        cancel = gtk_button_new_with_mnemonic("_Cancel")
        Widgets.describe(cancel, label: "Cancel", tooltip: "Stop the analysis in progress")
        Signal.onVoid(cancel, "clicked") { [weak self] in self?.onCancel?() }
        Widgets.append(widget, label, progress, cancel)
        setProgress(nil)
    }

    var text: String { String(cString: gtk_label_get_text(g(label))) }

    func setStatus(_ text: String, isError: Bool = false) {
        gtk_label_set_text(g(label), text)
        if isError {
            gtk_widget_add_css_class(label, "error")
        } else {
            gtk_widget_remove_css_class(label, "error")
        }
    }

    /// Shows `fraction` (0…1) with a Cancel button; nil hides both.
    ///
    /// Hidden means transparent and insensitive, not unallocated: the bar keeps its height, so the
    /// charts above do not move when a run starts or ends.
    func setProgress(_ fraction: Double?) {
        shown = fraction != nil
        for part in [progress, cancel] {
            gtk_widget_set_opacity(part, shown ? 1 : 0)
            gtk_widget_set_sensitive(part, shown ? 1 : 0)
            gtk_widget_set_can_target(part, shown ? 1 : 0)
        }
        if let fraction { gtk_progress_bar_set_fraction(g(progress), min(max(fraction, 0), 1)) }
    }

    private var shown = false

    var progressVisible: Bool { shown }
}
