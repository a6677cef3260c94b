import CGtk

/// Where the window's parts are, for scripted tests that click and drag with xdotool.
extension MainWindow {
    /// Writes one `geometry NAME X Y W H` readiness line per part, in X-window pixels (the surface,
    /// including any client-side shadow): `prompt`, `chip-N`, `tab-N`, `pane` (the page shown),
    /// `model`, `compare`, `contrast-a`, `contrast-b`, `corrupted`, `view` (the View dropdown); then `tokens N query Q` (Q: the chip highlighted,
    /// -1 for none). Parts not laid out are skipped.
    public func reportGeometry() {
        defer {
            report(.chips(chips.labels))
            report(.tokens(count: tokens.count, query: queryIndex ?? -1))
        }
        var parts: [(String, UnsafeMutablePointer<GtkWidget>)] = [
            ("window", window), ("status", statusBar.widget), ("controls", controlsRow.widget),
            ("prompt", promptEntry), ("model", header.modelDropDown), ("compare", header.compareDropDown),
            ("contrast-a", controlsRow.contrastA), ("contrast-b", controlsRow.contrastB),
            ("corrupted", controlsRow.corrupted), ("view", viewPicker.dropDownWidget),
            ("attention", controlsRow.aggregationDropDown), ("features", controlsRow.featuresDropDown),
        ]
        for (index, chip) in chips.chips { parts.append(("chip-\(index)", chip)) }
        for (index, view) in panes.enumerated() {
            if let tab = gtk_notebook_get_tab_label(g(notebook), view.area) {
                parts.append(("tab-\(index)", tab))
            }
        }
        if panes.indices.contains(currentPane) { parts.append(("pane", panes[currentPane].area)) }
        var offsetX = 0.0
        var offsetY = 0.0
        if let native = gtk_widget_get_native(window) {
            gtk_native_get_surface_transform(native, &offsetX, &offsetY)
        }
        for (name, widget) in parts {
            var bounds = graphene_rect_t()
            guard gtk_widget_compute_bounds(widget, window, &bounds) != 0 else { continue }
            let x = Int((Double(bounds.origin.x) + offsetX).rounded())
            let y = Int((Double(bounds.origin.y) + offsetY).rounded())
            report(
                .geometry(
                    name: name, x: x, y: y, width: Int(bounds.size.width.rounded()),
                    height: Int(bounds.size.height.rounded())))
        }
    }

    /// Selects the models at `selected` and `compare` in the dropdowns again (e.g. after a model failed to
    /// load), keeping the list; does not call the `on…Chosen` callbacks.
    public func selectModels(selected: Int?, compare: Int?) {
        header.setModels(header.models, selected: selected, compare: compare)
    }

    /// The models in the dropdowns.
    public var models: [ModelEntry] { header.models }
}
