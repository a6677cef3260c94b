import CGtk

/// The prompt's tokens as a wrapping row of toggle chips; the active chip is the query position.
@MainActor final class TokenChips {
    /// The scrolled container to put in the window.
    let widget: UnsafeMutablePointer<GtkWidget>
    private let flowBox: UnsafeMutablePointer<GtkWidget>
    private(set) var chips: [UnsafeMutablePointer<GtkWidget>] = []
    private(set) var tokens: [String] = []
    private(set) var queryIndex: Int?
    /// Called when the user clicks a chip (not when the app sets the query position).
    var onClick: ((Int) -> Void)?

    init() {
        flowBox = gtk_flow_box_new()
        gtk_flow_box_set_selection_mode(g(flowBox), GTK_SELECTION_NONE)
        gtk_flow_box_set_homogeneous(g(flowBox), 0)
        gtk_flow_box_set_max_children_per_line(g(flowBox), 200)
        gtk_flow_box_set_row_spacing(g(flowBox), 2)
        gtk_flow_box_set_column_spacing(g(flowBox), 2)
        gtk_widget_set_valign(flowBox, GTK_ALIGN_START)
        widget = gtk_scrolled_window_new()
        gtk_scrolled_window_set_policy(g(widget), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        // A fixed two-line height: GtkFlowBox reports its natural height for its narrowest width
        // (one chip per line), so propagating it would reserve several empty lines.
        gtk_scrolled_window_set_min_content_height(g(widget), 64)
        gtk_widget_set_visible(widget, 0)
        gtk_scrolled_window_set_child(g(widget), flowBox)
        Widgets.describe(
            widget, label: "Prompt tokens",
            tooltip: "The prompt's tokens: click one to make it the query position")
    }

    /// Replaces the chips; `queryIndex` (clamped) is highlighted, nil highlights none.
    func setTokens(_ newTokens: [String], queryIndex newIndex: Int?) {
        for chip in chips { gtk_flow_box_remove(g(flowBox), chip) }
        chips = []
        tokens = newTokens
        for (index, token) in newTokens.enumerated() {
            let chip: UnsafeMutablePointer<GtkWidget> = gtk_toggle_button_new_with_label(Self.display(token))
            gtk_widget_add_css_class(chip, "flat")
            gtk_widget_set_focus_on_click(chip, 0)
            Widgets.describe(
                chip, label: "Token \(index): \(token)",
                tooltip: "Token \(index): “\(token)” — click to make it the query position")
            Signal.onVoid(chip, "clicked") { [unowned self] in
                select(index)
                onClick?(index)
            }
            gtk_flow_box_append(g(flowBox), chip)
            chips.append(chip)
        }
        gtk_widget_set_visible(widget, newTokens.isEmpty ? 0 : 1)
        let clamped = newIndex.map { min(max($0, 0), newTokens.count - 1) }
        select(newTokens.isEmpty ? nil : clamped)
    }

    /// Highlights chip `index` only (none for nil).
    func select(_ index: Int?) {
        queryIndex = index
        for (position, chip) in chips.enumerated() {
            let active = position == index
            gtk_toggle_button_set_active(g(chip), active ? 1 : 0)
            if active {
                gtk_widget_add_css_class(chip, "suggested-action")
            } else {
                gtk_widget_remove_css_class(chip, "suggested-action")
            }
        }
    }

    /// How a token is shown on its chip: whitespace made visible so " the" and "the" differ.
    nonisolated static func display(_ token: String) -> String {
        if token.isEmpty { return "∅" }
        var text = token.replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\t", with: "⇥")
        if text.first == " " { text = "·" + text.dropFirst() }
        return text
    }
}
