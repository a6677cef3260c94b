import CGtk

/// Facts about the linked GTK and the display, for `tokengen doctor`.
public enum GtkInfo {
    /// The runtime GTK version, e.g. "4.8.3".
    public static var version: String {
        "\(gtk_get_major_version()).\(gtk_get_minor_version()).\(gtk_get_micro_version())"
    }

    /// Whether GTK can open the default display (initialises GTK when it can).
    @MainActor public static func displayReachable() -> Bool {
        gtk_init_check() != 0
    }
}
