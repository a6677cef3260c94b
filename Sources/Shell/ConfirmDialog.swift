import CGtk

/// A small modal question with Cancel and one confirming button (e.g. Run); closing it cancels.
///
/// Assembled from plain widgets like `MessageDialog` (GtkAlertDialog needs GTK 4.10).
@MainActor enum ConfirmDialog {
    @discardableResult
    static func present(
        title: String, message: String, confirm: String, parent: UnsafeMutablePointer<GtkWidget>?,
        completion: @escaping @MainActor (Bool) -> Void
    ) -> UnsafeMutablePointer<GtkWidget> {
        let (window, content, label) = MessageDialog.modalWindow(title: title, message: message, parent: parent)
        let buttons = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 8)
        gtk_widget_set_halign(buttons, GTK_ALIGN_END)
        let cancel: UnsafeMutablePointer<GtkWidget> = gtk_button_new_with_mnemonic("_Cancel")
        let run: UnsafeMutablePointer<GtkWidget> = gtk_button_new_with_mnemonic(confirm)
        gtk_widget_add_css_class(run, "suggested-action")
        // One answer per dialog, whichever way it closes.
        let once = AnswerOnce(completion)
        let answer: @MainActor (Bool) -> Void = { once.give($0) }
        Signal.onVoid(cancel, "clicked") {
            answer(false)
            gtk_window_destroy(g(window))
        }
        Signal.onVoid(run, "clicked") {
            answer(true)
            gtk_window_destroy(g(window))
        }
        Signal.onVoid(window, "destroy") { answer(false) }
        Widgets.append(buttons, cancel, run)
        Widgets.append(content, label, buttons)
        gtk_window_set_child(g(window), content)
        gtk_window_set_default_widget(g(window), run)
        gtk_window_present(g(window))
        return window
    }
}

/// Passes the first answer on and ignores the rest (a click, then the window's destroy).
@MainActor private final class AnswerOnce {
    private var completion: (@MainActor (Bool) -> Void)?

    init(_ completion: @escaping @MainActor (Bool) -> Void) { self.completion = completion }

    func give(_ value: Bool) {
        let pending = completion
        completion = nil
        pending?(value)
    }
}
