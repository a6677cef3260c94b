import CGtk
import PluginKit

/// The prompt's tokens as a wrapping row of toggle chips; the active chip is the query position.
@MainActor final class TokenChips {
    /// The scrolled container to put in the window.
    let widget: UnsafeMutablePointer<GtkWidget>
    private let flowBox: UnsafeMutablePointer<GtkWidget>
    private(set) var chips: [UnsafeMutablePointer<GtkWidget>] = []
    private(set) var tokens: [String] = []
    /// What each chip shows.
    private(set) var labels: [String] = []
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
        gtk_widget_add_css_class(flowBox, "token-chips")
        Self.installStyle()
        widget = gtk_scrolled_window_new()
        gtk_scrolled_window_set_policy(g(widget), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC)
        // A fixed two-line height: GtkFlowBox reports its natural height for its narrowest width
        // (one chip per line), so propagating it would reserve several empty lines.
        gtk_scrolled_window_set_min_content_height(g(widget), 58)
        gtk_widget_set_visible(widget, 0)
        gtk_scrolled_window_set_child(g(widget), flowBox)
        Widgets.describe(
            widget, label: "Prompt tokens",
            tooltip: "The prompt's tokens: click one to make it the query position")
    }

    /// Replaces the chips; `queryIndex` (clamped) is highlighted, nil highlights none.
    ///
    /// A character split over several byte tokens shows on the token that completes it; the tokens
    /// holding only part of it show "◌" (dimmed) and say in their tooltip what they are part of.
    func setTokens(_ newTokens: [String], queryIndex newIndex: Int?) {
        if newTokens == tokens, !chips.isEmpty || newTokens.isEmpty {
            // Same prompt: keep the chips (and the keyboard focus on one of them).
            select(newIndex.map { min(max($0, 0), newTokens.count - 1) })
            return
        }
        for chip in chips { gtk_flow_box_remove(g(flowBox), chip) }
        chips = []
        labels = []
        tokens = newTokens
        let entries = TokenPieces.entries(newTokens)
        for (index, entry) in entries.enumerated() {
            let label = entry.text.isEmpty ? "◌" : Self.display(entry.text) + (entry.partial ? "◌" : "")
            labels.append(label)
            let chip: UnsafeMutablePointer<GtkWidget> = gtk_toggle_button_new_with_label(label)
            gtk_widget_add_css_class(chip, "flat")
            var what = "“\(Self.display(entry.text))”"
            if entry.partial {
                let piece = "part of “\(entry.partOf ?? "a character")”"
                what = entry.text.isEmpty ? piece : what + " and " + piece
                if entry.text.isEmpty { gtk_widget_add_css_class(chip, "dim-label") }
            }
            Widgets.describe(
                chip, label: "Token \(index): \(what)",
                tooltip: "Token \(index): \(what) — click, Enter or Space makes it the query position")
            // Keyboard activation (Enter, Space) emits "clicked" as a click does.
            Signal.onVoid(chip, "clicked") { [weak self] in self?.activate(index) }
            gtk_flow_box_append(g(flowBox), chip)
            // Tab goes to the button itself, not to the flow box's child wrapper (which would take
            // Enter and Space and never pass them on).
            if let child = gtk_widget_get_parent(chip) { gtk_widget_set_focusable(child, 0) }
            chips.append(chip)
        }
        gtk_widget_set_visible(widget, newTokens.isEmpty ? 0 : 1)
        let clamped = newIndex.map { min(max($0, 0), newTokens.count - 1) }
        select(newTokens.isEmpty ? nil : clamped)
    }

    /// The user clicked chip `index` (or pressed Enter or Space on it).
    private func activate(_ index: Int) {
        if updatingToggles { return }
        select(index)
        onClick?(index)
    }

    private var updatingToggles = false

    /// Highlights chip `index` only (none for nil).
    func select(_ index: Int?) {
        queryIndex = index
        updatingToggles = true
        defer { updatingToggles = false }
        for (position, chip) in chips.enumerated() {
            let active = position == index
            gtk_toggle_button_set_active(g(chip), active ? 1 : 0)
            if active {
                gtk_widget_add_css_class(chip, "suggested-action")
            } else {
                gtk_widget_remove_css_class(chip, "suggested-action")
            }
        }
        scrollToQueryAfterLayout()
    }

    /// Chips get positions only at layout, so scrolling waits for the next two frames' tick.
    private func scrollToQueryAfterLayout() {
        pendingScrollTicks = 2
        if tickInstalled { return }
        tickInstalled = true
        let tick: GtkTickCallback = tokenChipsTick
        let release: GDestroyNotify = releaseBox
        gtk_widget_add_tick_callback(widget, tick, ClosureBox<TokenChips>.retained(self), release)
    }

    private var pendingScrollTicks = 0
    private var tickInstalled = false

    /// One frame tick: scroll, and stop ticking when no more are pending.
    fileprivate func tick() -> Bool {
        scrollToQuery()
        pendingScrollTicks -= 1
        if pendingScrollTicks > 0 { return true }
        tickInstalled = false
        return false
    }

    /// Scrolls so the highlighted chip is visible (no-op before the chips have been laid out).
    private func scrollToQuery() {
        guard let queryIndex, chips.indices.contains(queryIndex),
            let adjustment = gtk_scrolled_window_get_vadjustment(g(widget))
        else { return }
        var x = 0.0
        var y = 0.0
        guard gtk_widget_translate_coordinates(chips[queryIndex], flowBox, 0, 0, &x, &y) != 0 else { return }
        let height = Double(gtk_widget_get_height(chips[queryIndex]))
        let top = gtk_adjustment_get_value(adjustment)
        let page = gtk_adjustment_get_page_size(adjustment)
        if y < top || y + height > top + page { gtk_adjustment_set_value(adjustment, y) }
    }

    /// Compact chips, so two lines of tokens fit in little height.
    private static func installStyle() {
        guard !styleInstalled, let display = gdk_display_get_default(), let provider = gtk_css_provider_new()
        else { return }
        styleInstalled = true
        gtk_css_provider_load_from_data(
            provider,
            ".token-chips flowboxchild { padding: 0; min-height: 0; } "
                + ".token-chips button { padding: 1px 6px; min-height: 22px; }", -1)
        gtk_style_context_add_provider_for_display(
            display, g(provider), guint(GTK_STYLE_PROVIDER_PRIORITY_APPLICATION))
        g_object_unref(UnsafeMutableRawPointer(provider))
    }

    private static var styleInstalled = false

    /// How a token is shown on its chip: whitespace made visible so " the" and "the" differ.
    nonisolated static func display(_ token: String) -> String {
        if token.isEmpty { return "∅" }
        var text = token.replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\t", with: "⇥")
        if text.first == " " { text = "·" + text.dropFirst() }
        return text
    }
}

private func tokenChipsTick(
    _ widget: UnsafeMutablePointer<GtkWidget>?, _ clock: OpaquePointer?, _ data: gpointer?
) -> gboolean {
    let bits = UInt(bitPattern: data)
    return GTKThread.enter { (ClosureBox<TokenChips>.take(bits)?.tick() ?? false) ? 1 : 0 }
}
