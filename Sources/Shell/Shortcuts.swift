import CGtk

/// Every keyboard shortcut, in one table: the window's shortcut controller and the F1 help window
/// are both built from it, so they cannot disagree.
enum Shortcuts {
    struct Entry {
        /// GTK accelerator syntax, e.g. `<Control>Return`.
        let accelerator: String
        /// The action it triggers; nil for a key handled directly (Escape).
        let action: String?
        let title: String
        /// Listed in the help window (alternate keys are not).
        let listed: Bool
    }

    static let all: [Entry] = [
        Entry(accelerator: "<Control>o", action: "win.open", title: "Open a model file", listed: true),
        Entry(
            accelerator: "<Control><Shift>o", action: "win.open-folder", title: "Open a model folder",
            listed: true),
        Entry(
            accelerator: "<Control><Alt>o", action: "win.open-compare",
            title: "Open a model file to compare with", listed: true),
        Entry(
            accelerator: "<Control>Return", action: "win.analyze", title: "Analyze the prompt", listed: true),
        Entry(
            accelerator: "<Control>KP_Enter", action: "win.analyze", title: "Analyze the prompt",
            listed: false),
        Entry(
            accelerator: "<Alt>Left", action: "win.query-previous",
            title: "Make the previous token the query position", listed: true),
        Entry(
            accelerator: "<Alt>Right", action: "win.query-next",
            title: "Make the next token the query position", listed: true),
        Entry(
            accelerator: "Return", action: nil,
            title: "On a token chip (Tab to it): make it the query position (Space too)", listed: true),
        Entry(
            accelerator: "<Control>Page_Down", action: "win.next-pane", title: "Show the next chart",
            listed: true),
        Entry(
            accelerator: "<Control>Page_Up", action: "win.previous-pane", title: "Show the previous chart",
            listed: true),
    ] + (1...9).map { n in
        Entry(
            accelerator: "<Alt>\(n)", action: "win.pane-\(n)", title: "Show chart \(n) (Alt+1…Alt+9)",
            listed: n == 1)
    } + [
        Entry(
            accelerator: "<Control>c", action: "win.copy",
            title: "Copy the chart's data as tab-separated values (in a text field: copy its text)",
            listed: true),
        Entry(
            accelerator: "<Control>e", action: "win.export", title: "Export the current chart", listed: true),
        Entry(
            accelerator: "<Control><Shift>e", action: "win.export-all", title: "Export all charts",
            listed: true),
        Entry(accelerator: "Escape", action: nil, title: "Clear the chart selection", listed: true),
        Entry(accelerator: "F1", action: "app.shortcuts", title: "Show keyboard shortcuts", listed: true),
        Entry(accelerator: "<Control>q", action: "app.quit", title: "Quit", listed: true),
    ]

    /// A capture-phase controller that triggers the actions above anywhere in `window`
    /// (capture phase, so Ctrl+Enter analyses even while the prompt entry has focus).
    @MainActor static func install(on window: UnsafeMutablePointer<GtkWidget>) {
        let controller: OpaquePointer = gtk_shortcut_controller_new()
        gtk_event_controller_set_propagation_phase(g(controller), GTK_PHASE_CAPTURE)
        gtk_shortcut_controller_set_scope(g(controller), GTK_SHORTCUT_SCOPE_LOCAL)
        for entry in all {
            guard let action = entry.action else { continue }
            let shortcut = gtk_shortcut_new(
                gtk_shortcut_trigger_parse_string(entry.accelerator),
                gtk_named_action_new(action))
            gtk_shortcut_controller_add_shortcut(g(controller), shortcut)
        }
        gtk_widget_add_controller(window, g(controller))
    }

    /// GtkBuilder XML for a GtkShortcutsWindow listing the table.
    static var windowXML: String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let rows = all.filter(\.listed).map { entry in
            """
            <child><object class="GtkShortcutsShortcut">\
            <property name="accelerator">\(escape(entry.accelerator))</property>\
            <property name="title">\(escape(entry.title))</property></object></child>
            """
        }.joined()
        return """
            <interface><object class="GtkShortcutsWindow" id="shortcuts"><property name="modal">1</property>\
            <child><object class="GtkShortcutsSection"><property name="section-name">main</property>\
            <child><object class="GtkShortcutsGroup"><property name="title">TokenGen</property>\
            \(rows)</object></child></object></child></object></interface>
            """
    }

    /// Opens the help window over `parent`.
    @MainActor static func present(over parent: UnsafeMutablePointer<GtkWidget>) -> UnsafeMutablePointer<
        GtkWidget
    >? {
        let builder: OpaquePointer = gtk_builder_new_from_string(windowXML, -1)
        defer { g_object_unref(builder.gRaw) }
        guard let object = gtk_builder_get_object(builder, "shortcuts") else { return nil }
        let window: UnsafeMutablePointer<GtkWidget> = g(UnsafeMutableRawPointer(object))
        gtk_window_set_transient_for(g(window), g(parent))
        gtk_window_present(g(window))
        return window
    }
}
