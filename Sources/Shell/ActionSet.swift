import CGtk

/// A named group of GActions (`win.*` or `app.*`) inserted on a widget.
///
/// Inserting groups on the window (rather than relying on GtkApplicationWindow) makes the actions and
/// their shortcuts work the same with or without a registered GtkApplication, e.g. in tests.
@MainActor final class ActionSet {
    private let group: UnsafeMutablePointer<GSimpleActionGroup>?
    private var actions: [String: OpaquePointer] = [:]

    init(prefix: String, on widget: UnsafeMutablePointer<GtkWidget>) {
        group = g_simple_action_group_new()
        if let group { gtk_widget_insert_action_group(widget, prefix, g(group)) }
    }

    func add(_ name: String, _ handler: @escaping VoidHandler) {
        guard let group, let action = g_simple_action_new(name, nil) else { return }
        Signal.onVoid3(action, "activate", handler)
        g_action_map_add_action(g(group), g(action))
        actions[name] = action
    }

    func setEnabled(_ name: String, _ enabled: Bool) {
        guard let action = actions[name] else { return }
        g_simple_action_set_enabled(action, enabled ? 1 : 0)
    }

    /// Runs action `name` as if chosen from the menu (tests use it).
    func activate(_ name: String) {
        guard let group else { return }
        g_action_group_activate_action(g(group), name, nil)
    }
}
