import CGtk

/// Accepts a `.gguf` file or a model folder dropped on the window.
///
/// Files arrive either as one GFile or as a GdkFileList (from file managers); the first path is used.
@MainActor enum ModelDropTarget {
    static func install(
        on widget: UnsafeMutablePointer<GtkWidget>, onPath: @escaping @MainActor (String) -> Void
    ) {
        let fileType = g_file_get_type()
        let listType = gdk_file_list_get_type()
        guard let target = gtk_drop_target_new(fileType, GDK_ACTION_COPY) else { return }
        var types = [fileType, listType]
        gtk_drop_target_set_gtypes(target, &types, 2)
        Signal.onDrop(target) { value in
            guard let path = firstPath(value, fileType: fileType, listType: listType) else { return false }
            onPath(path)
            return true
        }
        gtk_widget_add_controller(widget, g(target))
    }

    static func firstPath(_ value: UnsafePointer<GValue>, fileType: GType, listType: GType) -> String?
    {
        let file: UnsafeMutableRawPointer?
        if value.pointee.g_type == fileType {
            file = g_value_get_object(value)
        } else if value.pointee.g_type == listType, let list = g_value_get_boxed(value) {
            file = gdk_file_list_get_files(g(list))?.pointee.data
        } else {
            file = nil
        }
        guard let file, let cPath = g_file_get_path(g(file)) else { return nil }
        defer { g_free(cPath) }
        return String(cString: cPath)
    }
}
