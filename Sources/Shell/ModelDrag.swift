import CGtk

/// Drag and drop of a model from the picker onto the plugin area, which makes it the comparison model.
///
/// The drag carries the model's path as a plain string (`G_TYPE_STRING`, offered to other apps as
/// `text/plain`); the plugin area accepts strings and, as the window does, `.gguf` files and folders.
@MainActor enum ModelDrag {
    /// `G_TYPE_STRING`, a macro Swift cannot import.
    static var stringType: GType { g_type_from_name("gchararray") }

    /// A new content provider (+1 reference) offering `path` as a string.
    static func content(_ path: String) -> UnsafeMutableRawPointer? {
        var value = GValue()
        g_value_init(&value, stringType)
        g_value_set_string(&value, path)
        defer { g_value_unset(&value) }
        return gdk_content_provider_new_for_value(&value).map { UnsafeMutableRawPointer($0) }
    }

    /// The string a content provider offers, or nil (tests; a drop reads the same value).
    static func string(of provider: UnsafeMutableRawPointer) -> String? {
        var value = GValue()
        g_value_init(&value, stringType)
        defer { g_value_unset(&value) }
        guard gdk_content_provider_get_value(g(provider), &value, nil) != 0,
            let text = g_value_get_string(&value)
        else { return nil }
        return String(cString: text)
    }

    /// Lets `widget` be dragged, offering the path `path()` returns at the start of the drag (nil: none).
    ///
    /// The source listens in the capture phase, so it sees the pointer before the widget's button
    /// claims it; a plain click still reaches the widget.
    static func addSource(
        to widget: UnsafeMutablePointer<GtkWidget>, path: @escaping @MainActor () -> String?
    ) {
        guard let source = gtk_drag_source_new() else { return }
        gtk_drag_source_set_actions(source, GDK_ACTION_COPY)
        gtk_event_controller_set_propagation_phase(g(source), GTK_PHASE_CAPTURE)
        Signal.onPrepare(source) { path().flatMap(content) }
        gtk_widget_add_controller(widget, g(source))
    }

    /// Keeps pointer presses and motion on `widget` from reaching its ancestors.
    ///
    /// In a header bar the window handle moves the window once the pointer passes the drag threshold,
    /// and claiming the pointer in the drag source does not stop it (GTK 4.8 under X11); so a
    /// bubble-phase controller stops the events after the widget and its capture-phase drag source
    /// have seen them. Clicks still work: the widget's own gestures run first.
    static func keepPointer(on widget: UnsafeMutablePointer<GtkWidget>) {
        guard let legacy = gtk_event_controller_legacy_new() else { return }
        Signal.onEvent(legacy) { type in
            type == GDK_BUTTON_PRESS || type == GDK_MOTION_NOTIFY || type == GDK_BUTTON_RELEASE
        }
        gtk_widget_add_controller(widget, legacy)
    }

    /// Accepts a dropped string (`onString`) or a dropped file or folder (`onFile`) on `widget`.
    ///
    /// Files are preferred: a file manager offers a file both as a file and as text.
    static func installTarget(
        on widget: UnsafeMutablePointer<GtkWidget>,
        onString: @escaping @MainActor (String) -> Bool, onFile: @escaping @MainActor (String) -> Void
    ) {
        let fileType = g_file_get_type()
        let listType = gdk_file_list_get_type()
        let stringType = stringType
        guard let target = gtk_drop_target_new(stringType, GDK_ACTION_COPY) else { return }
        var types = [fileType, listType, stringType]
        gtk_drop_target_set_gtypes(target, &types, 3)
        Signal.onDrop(target) { value in
            if value.pointee.g_type == stringType {
                guard let text = g_value_get_string(value) else { return false }
                return onString(String(cString: text))
            }
            guard let path = ModelDropTarget.firstPath(value, fileType: fileType, listType: listType)
            else { return false }
            onFile(path)
            return true
        }
        gtk_widget_add_controller(widget, g(target))
    }
}
