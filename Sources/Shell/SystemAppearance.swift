import CGtk
import Foundation

/// Whether the interface is dark, read from GtkSettings.
///
/// GTK 4.8 without libadwaita does not map the desktop portal's color-scheme to a dark theme by
/// itself; it honours `gtk-application-prefer-dark-theme` (settings.ini, GSettings) and dark theme
/// names such as `Adwaita-dark` or `GTK_THEME=Adwaita:dark`.
@MainActor public enum SystemAppearance {
    public static var isDark: Bool {
        if let theme = ProcessInfo.processInfo.environment["GTK_THEME"], theme.lowercased().contains("dark") {
            return true
        }
        guard let settings = gtk_settings_get_default() else { return false }
        if boolProperty(settings, "gtk-application-prefer-dark-theme") { return true }
        return stringProperty(settings, "gtk-theme-name")?.lowercased().hasSuffix("-dark") ?? false
    }

    /// Asks GTK for the dark variant (e.g. from a user preference).
    public static func setPreferDark(_ dark: Bool) {
        guard let settings = gtk_settings_get_default() else { return }
        var value = GValue()
        g_value_init(&value, g_type_from_name("gboolean"))
        g_value_set_boolean(&value, dark ? 1 : 0)
        g_object_set_property(g(settings), "gtk-application-prefer-dark-theme", &value)
        g_value_unset(&value)
    }

    private static func boolProperty(_ object: OpaquePointer, _ name: String) -> Bool {
        var value = GValue()
        g_value_init(&value, g_type_from_name("gboolean"))
        defer { g_value_unset(&value) }
        g_object_get_property(g(object), name, &value)
        return g_value_get_boolean(&value) != 0
    }

    private static func stringProperty(_ object: OpaquePointer, _ name: String) -> String? {
        var value = GValue()
        g_value_init(&value, g_type_from_name("gchararray"))
        defer { g_value_unset(&value) }
        g_object_get_property(g(object), name, &value)
        return g_value_get_string(&value).map { String(cString: $0) }
    }
}
