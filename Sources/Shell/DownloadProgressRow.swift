import CGtk
import Hub

/// The "Get model" dialog's progress area: what is downloading, a bar, bytes, rate, time left, Cancel.
@MainActor final class DownloadProgressRow {
    let widget: UnsafeMutablePointer<GtkWidget>
    private let title: UnsafeMutablePointer<GtkWidget>
    private let detail: UnsafeMutablePointer<GtkWidget>
    private let bar: UnsafeMutablePointer<GtkWidget>
    private let cancel: UnsafeMutablePointer<GtkWidget>
    private var tally = DownloadTally()
    var onCancel: (() -> Void)?

    init() {
        widget = Widgets.box(GTK_ORIENTATION_VERTICAL, spacing: 4)
        title = gtk_label_new(nil)
        gtk_label_set_xalign(g(title), 0)
        detail = gtk_label_new(nil)
        gtk_label_set_xalign(g(detail), 0)
        gtk_label_set_ellipsize(g(detail), PANGO_ELLIPSIZE_MIDDLE)
        gtk_widget_add_css_class(detail, "dim-label")
        bar = gtk_progress_bar_new()
        gtk_widget_set_hexpand(bar, 1)
        gtk_widget_set_valign(bar, GTK_ALIGN_CENTER)
        Widgets.describe(bar, label: "Download progress")
        cancel = gtk_button_new_with_mnemonic("_Cancel")
        Widgets.describe(
            cancel, label: "Cancel", tooltip: "Stop the download (what arrived is kept for a resume)")
        Signal.onVoid(cancel, "clicked") { [weak self] in self?.onCancel?() }
        let line = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 8)
        Widgets.append(line, bar, cancel)
        Widgets.append(widget, title, line, detail)
        gtk_widget_set_visible(widget, 0)
    }

    func start(_ repo: String) {
        tally = DownloadTally()
        gtk_label_set_text(g(title), "Downloading \(repo)…")
        gtk_label_set_text(g(detail), "Asking the Hub for the file list")
        gtk_progress_bar_set_fraction(g(bar), 0)
        gtk_widget_set_sensitive(cancel, 1)
        gtk_widget_set_visible(widget, 1)
    }

    func apply(_ event: DownloadEvent) {
        tally.apply(event)
        gtk_progress_bar_set_fraction(g(bar), tally.fraction)
        gtk_label_set_text(g(detail), tally.text)
    }

    /// Leaves the row showing how it ended (`message`), with Cancel disabled.
    func finish(_ message: String, fraction: Double? = nil) {
        gtk_label_set_text(g(title), message)
        if let fraction {
            gtk_progress_bar_set_fraction(g(bar), fraction)
        } else {
            gtk_label_set_text(g(detail), "")
        }
        gtk_widget_set_sensitive(cancel, 0)
    }

    var text: String { String(cString: gtk_label_get_text(g(detail))) }
}
