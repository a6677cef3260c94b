import CGtk

/// A small modal window with a message and an OK button.
///
/// GtkMessageDialog's constructor is variadic (printf-style) and GtkAlertDialog needs GTK 4.10,
/// so the window is assembled from plain widgets.
@MainActor enum MessageDialog {
    @discardableResult
    static func present(
        title: String, message: String,
        parent: UnsafeMutablePointer<GtkWidget>?
    ) -> UnsafeMutablePointer<GtkWidget> {
        let (window, content, label) = modalWindow(title: title, message: message, parent: parent)
        gtk_label_set_selectable(g(label), 1)
        let button: UnsafeMutablePointer<GtkWidget> = gtk_button_new_with_mnemonic("_OK")
        gtk_widget_set_halign(button, GTK_ALIGN_END)
        gtk_widget_add_css_class(button, "suggested-action")
        Signal.onVoid(button, "clicked") { gtk_window_destroy(g(window)) }
        Widgets.append(content, label, button)
        gtk_window_set_child(g(window), content)
        gtk_window_set_default_widget(g(window), button)
        gtk_window_present(g(window))
        return window
    }

    /// A modal, fixed-size window over `parent` with a vertical box holding a wrapped, left-aligned
    /// `message` label: the part every small dialog shares. The caller appends its buttons to `content`.
    static func modalWindow(title: String, message: String, parent: UnsafeMutablePointer<GtkWidget>?) -> (
        window: UnsafeMutablePointer<GtkWidget>, content: UnsafeMutablePointer<GtkWidget>,
        label: UnsafeMutablePointer<GtkWidget>
    ) {
        let window: UnsafeMutablePointer<GtkWidget> = gtk_window_new()
        gtk_window_set_title(g(window), title)
        gtk_window_set_modal(g(window), 1)
        gtk_window_set_resizable(g(window), 0)
        if let parent { gtk_window_set_transient_for(g(window), g(parent)) }
        let content = Widgets.box(GTK_ORIENTATION_VERTICAL, spacing: 12)
        Widgets.setMargins(content, 18)
        let label: UnsafeMutablePointer<GtkWidget> = gtk_label_new(message)
        gtk_label_set_wrap(g(label), 1)
        gtk_label_set_max_width_chars(g(label), 60)
        gtk_label_set_xalign(g(label), 0)
        return (window, content, label)
    }

    static func presentAbout(parent: UnsafeMutablePointer<GtkWidget>?, version: String) {
        let about: UnsafeMutablePointer<GtkWidget> = gtk_about_dialog_new()
        gtk_about_dialog_set_program_name(g(about), "TokenGen")
        gtk_about_dialog_set_version(g(about), version)
        gtk_about_dialog_set_comments(
            g(about), "See how a transformer language model arrives at its next token.")
        gtk_about_dialog_set_logo_icon_name(g(about), ShellApplication.defaultID)
        if let parent { gtk_window_set_transient_for(g(about), g(parent)) }
        gtk_window_set_modal(g(about), 1)
        gtk_window_present(g(about))
    }
}
