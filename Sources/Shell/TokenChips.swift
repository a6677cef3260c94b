import Analysis
import CGtk
import Dispatch

/// The prompt's tokens as a wrapping row of toggle chips; the active chip is the query position.
///
/// A long prompt's chips are built in two steps, so the first layer is drawn at once (issue 12): the
/// chips nearest the query when the tokens arrive, the others in idle batches once `fillRemaining()` is
/// called (after the first layer is drawn). The built chips are always one contiguous run of tokens,
/// in order, so Tab walks them in prompt order; moving the query to a token without a chip builds the
/// chips up to it first.
@MainActor final class TokenChips {
    /// The scrolled container to put in the window.
    let widget: UnsafeMutablePointer<GtkWidget>
    private let flowBox: UnsafeMutablePointer<GtkWidget>
    /// The tokens that have a chip, and their chips (`widgets[i - built.lowerBound]` is token i's).
    private(set) var built: Range<Int> = 0..<0
    private var widgets: [UnsafeMutablePointer<GtkWidget>] = []
    /// The prompt's tokens, each with how it is shown (the tokenizer's display entry).
    private(set) var tokens: [TokenEntry] = []
    /// What each token's chip shows (known for every token, built or not).
    private(set) var labels: [String] = []
    private(set) var queryIndex: Int?
    /// The chip shown as active (only it and the previous one change on `select`).
    private var highlighted: Int?
    /// Called when the user clicks a chip (not when the app sets the query position).
    var onClick: ((Int) -> Void)?

    /// Prompts up to this many tokens get all their chips at once…
    static let eagerLimit = 160
    /// …longer ones first this many, around the query position.
    static let eagerWindow = 96

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

    /// The chips built so far, with their token positions, in prompt order.
    var chips: [(index: Int, chip: UnsafeMutablePointer<GtkWidget>)] {
        zip(built, widgets).map { (index: $0, chip: $1) }
    }

    /// Whether every token has its chip.
    var isComplete: Bool { built.count == tokens.count }

    /// Replaces the chips; `queryIndex` (clamped) is highlighted, nil highlights none.
    ///
    /// A character split over several byte tokens shows on the token that completes it (`shown`); the
    /// tokens holding only part of it show "◌" (dimmed) and say in their tooltip what they are part of.
    func setTokens(_ newTokens: [TokenEntry], queryIndex newIndex: Int?) {
        let clamped = newTokens.isEmpty ? nil : newIndex.map { min(max($0, 0), newTokens.count - 1) }
        if newTokens == tokens, !built.isEmpty || newTokens.isEmpty {
            // Same prompt: keep the chips (and the keyboard focus on one of them).
            select(clamped)
            return
        }
        filling = false
        for chip in widgets { gtk_flow_box_remove(g(flowBox), chip) }
        widgets = []
        built = 0..<0
        highlighted = nil
        tokens = newTokens
        labels = newTokens.map { $0.shown.isEmpty ? "◌" : Self.display($0.shown) + ($0.partial ? "◌" : "") }
        let count = newTokens.count
        if count <= Self.eagerLimit {
            extend(to: 0..<count)
        } else {
            let centre = clamped ?? count - 1
            let lower = max(0, min(centre - Self.eagerWindow / 2, count - Self.eagerWindow))
            extend(to: lower..<(lower + Self.eagerWindow))
        }
        gtk_widget_set_visible(widget, newTokens.isEmpty ? 0 : 1)
        select(clamped)
    }

    /// Builds the chips not built yet in idle batches (a few milliseconds each, below the analysis
    /// updates' priority), nearest the query first; a no-op when all are built.
    func fillRemaining() {
        guard !isComplete else { return }
        filling = true
        if fillInstalled { return }
        fillInstalled = true
        let step: GSourceFunc = tokenChipsFill
        let release: GDestroyNotify = releaseBox
        g_idle_add_full(G_PRIORITY_LOW, step, ClosureBox<TokenChips>.retained(self), release)
    }

    private var filling = false
    private var fillInstalled = false

    /// One idle batch: the chips after the built run, then those before it (nearest first), for up to
    /// `batchSeconds`; returns whether more remain.
    fileprivate func fillBatch() -> Bool {
        let started = DispatchTime.now().uptimeNanoseconds
        while filling, !isComplete,
            DispatchTime.now().uptimeNanoseconds - started < Self.batchNanoseconds
        {
            if built.upperBound < tokens.count {
                extend(to: built.lowerBound..<(built.upperBound + 1))
            } else {
                extend(to: (built.lowerBound - 1)..<built.upperBound)
            }
        }
        if filling, !isComplete { return true }
        filling = false
        fillInstalled = false
        return false
    }

    private static let batchNanoseconds: UInt64 = 8_000_000

    /// Builds the chips of `range` (and of any gap between it and the built run), keeping the built
    /// chips one contiguous run in prompt order.
    private func extend(to range: Range<Int>) {
        let range = range.clamped(to: 0..<tokens.count)
        guard !range.isEmpty else { return }
        if built.isEmpty {
            for index in range { widgets.append(makeChip(index, at: -1)) }
            built = range
            return
        }
        for index in stride(from: built.lowerBound - 1, through: range.lowerBound, by: -1) {
            widgets.insert(makeChip(index, at: 0), at: 0)
            built = index..<built.upperBound
        }
        for index in built.upperBound..<max(built.upperBound, range.upperBound) {
            widgets.append(makeChip(index, at: -1))
            built = built.lowerBound..<(index + 1)
        }
    }

    /// Token `index`'s chip, inserted into the flow box at `position` (-1: at the end).
    private func makeChip(_ index: Int, at position: Int32) -> UnsafeMutablePointer<GtkWidget> {
        let entry = tokens[index]
        let chip: UnsafeMutablePointer<GtkWidget> = gtk_toggle_button_new_with_label(labels[index])
        gtk_widget_add_css_class(chip, "flat")
        var what = "“\(Self.display(entry.shown))”"
        if entry.partial {
            let piece = "part of “\(entry.partOf ?? "a character")”"
            what = entry.shown.isEmpty ? piece : what + " and " + piece
            if entry.shown.isEmpty { gtk_widget_add_css_class(chip, "dim-label") }
        }
        Widgets.describe(
            chip, label: "Token \(index): \(what)",
            tooltip: "Token \(index): \(what) — click, Enter or Space makes it the query position")
        // Keyboard activation (Enter, Space) emits "clicked" as a click does.
        Signal.onVoid(chip, "clicked") { [weak self] in self?.activate(index) }
        gtk_flow_box_insert(g(flowBox), chip, position)
        // Tab goes to the button itself, not to the flow box's child wrapper (which would take
        // Enter and Space and never pass them on).
        if let child = gtk_widget_get_parent(chip) { gtk_widget_set_focusable(child, 0) }
        if index == highlighted { setHighlight(chip, true) }
        return chip
    }

    /// Token `index`'s chip, when built.
    private func chip(_ index: Int) -> UnsafeMutablePointer<GtkWidget>? {
        built.contains(index) ? widgets[index - built.lowerBound] : nil
    }

    /// The user clicked chip `index` (or pressed Enter or Space on it).
    private func activate(_ index: Int) {
        if updatingToggles { return }
        select(index)
        onClick?(index)
    }

    private var updatingToggles = false

    /// Highlights chip `index` only (none for nil), building the chips up to it when needed.
    func select(_ index: Int?) {
        queryIndex = index
        if let index, tokens.indices.contains(index), !built.contains(index) {
            extend(to: index..<(index + 1))
        }
        if let old = highlighted, let chip = chip(old) { setHighlight(chip, false) }
        highlighted = index
        if let index, let chip = chip(index) { setHighlight(chip, true) }
        scrollToQueryAfterLayout()
    }

    private func setHighlight(_ chip: UnsafeMutablePointer<GtkWidget>, _ active: Bool) {
        updatingToggles = true
        defer { updatingToggles = false }
        gtk_toggle_button_set_active(g(chip), active ? 1 : 0)
        if active {
            gtk_widget_add_css_class(chip, "suggested-action")
        } else {
            gtk_widget_remove_css_class(chip, "suggested-action")
        }
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
        guard let queryIndex, let chip = chip(queryIndex),
            let adjustment = gtk_scrolled_window_get_vadjustment(g(widget))
        else { return }
        var x = 0.0
        var y = 0.0
        guard gtk_widget_translate_coordinates(chip, flowBox, 0, 0, &x, &y) != 0 else { return }
        let height = Double(gtk_widget_get_height(chip))
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

private func tokenChipsFill(_ data: gpointer?) -> gboolean {
    let bits = UInt(bitPattern: data)
    return GTKThread.enter { (ClosureBox<TokenChips>.take(bits)?.fillBatch() ?? false) ? 1 : 0 }
}
