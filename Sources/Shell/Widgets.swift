import CGtk

/// Small constructors for the widgets the window repeats, so layout code reads as layout.
@MainActor enum Widgets {
    typealias Widget = UnsafeMutablePointer<GtkWidget>

    static func box(_ orientation: GtkOrientation, spacing: Int32 = 6) -> Widget {
        gtk_box_new(orientation, spacing)
    }

    static func append(_ box: Widget, _ children: Widget...) {
        for child in children { gtk_box_append(g(box), child) }
    }

    /// A label that focuses `target` on Alt+mnemonic and names it for assistive technology.
    static func mnemonicLabel(_ text: String, for target: Widget) -> Widget {
        let label: Widget = gtk_label_new_with_mnemonic(text)
        gtk_label_set_mnemonic_widget(g(label), target)
        return label
    }

    static func spinButton(min: Double, max: Double, value: Double) -> Widget {
        let spin: Widget = gtk_spin_button_new_with_range(min, max, 1)
        gtk_spin_button_set_value(g(spin), value)
        gtk_spin_button_set_numeric(g(spin), 1)
        return spin
    }

    static func dropDown(_ items: [String]) -> Widget {
        withCStringArray(items) { gtk_drop_down_new_from_strings($0) }
    }

    static func setMargins(_ widget: Widget, _ margin: Int32) {
        gtk_widget_set_margin_top(widget, margin)
        gtk_widget_set_margin_bottom(widget, margin)
        gtk_widget_set_margin_start(widget, margin)
        gtk_widget_set_margin_end(widget, margin)
    }

    /// Gives `widget` a tooltip and an accessible name (screen readers read the label, not the tooltip).
    static func describe(_ widget: Widget, label: String, tooltip: String? = nil) {
        gtk_widget_set_tooltip_text(widget, tooltip ?? label)
        Accessibility.setLabel(widget, label)
    }
}

/// Accessible names through `gtk_accessible_update_property_value`, the non-variadic form of
/// `gtk_accessible_update_property` (which Swift cannot call).
@MainActor enum Accessibility {
    static func setLabel(_ widget: UnsafeMutablePointer<GtkWidget>, _ label: String) {
        var value = GValue()
        g_value_init(&value, g_type_from_name("gchararray"))
        g_value_set_string(&value, label)
        var property = GTK_ACCESSIBLE_PROPERTY_LABEL
        gtk_accessible_update_property_value(g(widget), 1, &property, &value)
        g_value_unset(&value)
    }

    /// The accessible label last set on `widget` is not readable back through GTK 4.8's public API,
    /// so tests check the tooltip, which `describe` always sets alongside it.
    static func tooltip(_ widget: UnsafeMutablePointer<GtkWidget>) -> String? {
        guard let text = gtk_widget_get_tooltip_text(widget) else { return nil }
        return String(cString: text)
    }
}
