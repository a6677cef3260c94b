import CGtk
import Foundation

/// The keyboard-only actions: switching charts, moving the query position and copying a chart's data.
extension MainWindow {
    func installKeyActions() {
        winActions.add("next-pane") { [weak self] in self?.switchPane(by: 1) }
        winActions.add("previous-pane") { [weak self] in self?.switchPane(by: -1) }
        for n in 1...9 {
            winActions.add("pane-\(n)") { [weak self] in
                guard let self, panes.indices.contains(n - 1) else { return }
                currentPane = n - 1
            }
        }
        winActions.add("query-previous") { [weak self] in self?.moveQuery(by: -1) }
        winActions.add("query-next") { [weak self] in self?.moveQuery(by: 1) }
        winActions.add("copy") { [weak self] in self?.copy() }
    }

    /// Shows the chart `delta` tabs away, wrapping around.
    private func switchPane(by delta: Int) {
        guard !panes.isEmpty else { return }
        currentPane = ((currentPane + delta) % panes.count + panes.count) % panes.count
    }

    /// Moves the query position one token left or right (from the last token when none is set).
    private func moveQuery(by delta: Int) {
        guard !tokens.isEmpty else { return }
        let from = queryIndex ?? tokens.count - 1
        let to = min(max(from + delta, 0), tokens.count - 1)
        guard to != from || queryIndex == nil else { return }
        chooseQuery(to)
    }

    /// Makes token `index` the query position as a chip click would: highlights it, reports the
    /// `query K` event and tells the app. Charts call it for a click on a token.
    public func chooseQuery(_ index: Int) {
        guard tokens.indices.contains(index) else { return }
        chips.select(index)
        report(.query(index))
        onTokenClicked?(index)
    }

    /// Ctrl+C: in a text field, copies its selected text (GTK's own copy); elsewhere copies the
    /// visible chart's data as TSV.
    private func copy() {
        if let focus = gtk_window_get_focus(g(window)),
            g_type_check_instance_is_a(g(focus), gtk_editable_get_type()) != 0
        {
            _ = gtk_widget_activate_action_variant(focus, "clipboard.copy", nil)
            return
        }
        guard panes.indices.contains(currentPane) else { return }
        let pane = panes[currentPane].pane
        guard let text = pane.copyText else {
            setStatus("\(pane.title) has no data to copy yet")
            return
        }
        let clipboard = gtk_widget_get_clipboard(window)
        gdk_clipboard_set_text(clipboard, text)
        let rows = text.split(separator: "\n").count - 1
        let header = text.split(separator: "\n").first.map(String.init) ?? ""
        setStatus("Copied \(rows) rows of \(pane.title) as tab-separated values")
        report(.copied(rows: rows, header: header))
    }
}
