import CGtk

/// The analysis options row: top-k, clusters, attention aggregation (and head), head features, contrast.
///
/// Spin buttons and dropdowns report each change; the contrast entries report on Enter or when focus
/// leaves them, so a half-typed word is not looked up. The groups wrap onto more lines in a narrow
/// window; dropdowns have a fixed width, so choosing an item never moves the controls after them.
/// The head spinner counts from 1, as head labels (`L3H2`) do; `AnalysisControls.head` stays 0-based.
@MainActor final class ControlsRow {
    let widget: UnsafeMutablePointer<GtkWidget>
    private let topK: UnsafeMutablePointer<GtkWidget>
    var topKSpin: UnsafeMutablePointer<GtkWidget> { topK }
    private let clusters: UnsafeMutablePointer<GtkWidget>
    private let aggregation: UnsafeMutablePointer<GtkWidget>
    var aggregationDropDown: UnsafeMutablePointer<GtkWidget> { aggregation }
    private let head: UnsafeMutablePointer<GtkWidget>
    private let features: UnsafeMutablePointer<GtkWidget>
    var featuresDropDown: UnsafeMutablePointer<GtkWidget> { features }
    let contrastA: UnsafeMutablePointer<GtkWidget>
    let contrastB: UnsafeMutablePointer<GtkWidget>
    /// The corrupted prompt of activation patching.
    let corrupted: UnsafeMutablePointer<GtkWidget>
    private var applying = false
    var onChange: ((AnalysisControls) -> Void)?

    private static let aggregationLabels = ["Mean over heads", "Max over heads", "Single head", "Rollout"]
    private static let featureLabels = ["Attention row", "Whole pattern"]

    private var wrap: WrapRow?

    /// - Parameter width: the width to lay the row out for until the window is allocated.
    init(_ initial: AnalysisControls, width: Int = 1260) {
        topK = Widgets.spinButton(min: 1, max: 100, value: Double(initial.topK))
        clusters = Widgets.spinButton(min: 1, max: 32, value: Double(initial.clusters))
        aggregation = Widgets.dropDown(Self.aggregationLabels)
        head = Widgets.spinButton(min: 1, max: 128, value: Double(initial.head + 1))
        features = Widgets.dropDown(Self.featureLabels)
        gtk_widget_set_size_request(aggregation, 160, -1)
        gtk_widget_set_size_request(features, 140, -1)
        contrastA = gtk_entry_new()
        contrastB = gtk_entry_new()
        for entry in [contrastA, contrastB] {
            gtk_editable_set_width_chars(g(entry), 8)
            gtk_entry_set_placeholder_text(g(entry), "token")
        }
        corrupted = gtk_entry_new()
        gtk_editable_set_width_chars(g(corrupted), 22)
        gtk_entry_set_placeholder_text(g(corrupted), "corrupted prompt (same tokens count)")
        Widgets.describe(topK, label: "Top-k", tooltip: "How many top tokens to list per layer")
        Widgets.describe(clusters, label: "Clusters", tooltip: "How many groups k-means makes of the heads")
        Widgets.describe(aggregation, label: "Attention aggregation", tooltip: "How heads are combined")
        Widgets.describe(head, label: "Head", tooltip: "The head shown when aggregation is Single head")
        Widgets.describe(features, label: "Head features", tooltip: "What describes a head for clustering")
        Widgets.describe(
            contrastA, label: "Contrast token A",
            tooltip:
                "Token A: the contrast shows log p(A) − log p(B). A word gets a leading space; "
                + "\"quoted\" text is used exactly as typed. Enter or leaving the field applies")
        Widgets.describe(
            contrastB, label: "Contrast token B",
            tooltip: "Token B (\"quoted\" for no leading space); Enter or leaving the field applies")
        Widgets.describe(
            corrupted, label: "Corrupted prompt",
            tooltip:
                "Activation patching runs this prompt with each residual of the prompt patched in; it must have "
                + "as many tokens. Enter or leaving the field applies; empty turns patching off")
        let groups = [
            Self.group(Widgets.mnemonicLabel("Top-_k", for: topK), topK),
            Self.group(Widgets.mnemonicLabel("C_lusters", for: clusters), clusters),
            Self.group(Widgets.mnemonicLabel("_Attention", for: aggregation), aggregation),
            Self.group(Widgets.mnemonicLabel("_Head", for: head), head),
            Self.group(Widgets.mnemonicLabel("_Features", for: features), features),
            Self.group(
                Widgets.mnemonicLabel("Con_trast", for: contrastA), contrastA,
                Widgets.mnemonicLabel("_vs", for: contrastB), contrastB),
            Self.group(Widgets.mnemonicLabel("Patc_h against", for: corrupted), corrupted),
        ]
        let wrap = WrapRow(groups, initialWidth: width)
        self.wrap = wrap
        widget = wrap.widget
        apply(initial)
        for spin in [topK, clusters, head] {
            Signal.onVoid(spin, "value-changed") { [weak self] in self?.changed() }
        }
        for dropDown in [aggregation, features] {
            Signal.onVoid3(dropDown, "notify::selected") { [weak self] in self?.changed() }
        }
        for entry in [contrastA, contrastB, corrupted] {
            Signal.onVoid(entry, "activate") { [weak self] in self?.contrastEdited() }
            let focus: OpaquePointer = gtk_event_controller_focus_new()
            Signal.onVoid(focus, "leave") { [weak self] in self?.contrastEdited() }
            gtk_widget_add_controller(entry, g(focus))
        }
        appliedContrast = (initial.contrastA, initial.contrastB)
        appliedCorrupted = initial.corruptedPrompt ?? ""
    }

    /// One labelled group of the row: stays on one line when the row wraps.
    private static func group(_ parts: UnsafeMutablePointer<GtkWidget>...) -> UnsafeMutablePointer<GtkWidget> {
        let box = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 6)
        for part in parts { gtk_box_append(g(box), part) }
        return box
    }

    /// The contrast texts last reported, so leaving a field unchanged runs nothing.
    private var appliedContrast = ("", "")
    /// The corrupted prompt last reported.
    private var appliedCorrupted = ""

    private func contrastEdited() {
        let values = controls
        guard
            values.contrastA != appliedContrast.0 || values.contrastB != appliedContrast.1
                || (values.corruptedPrompt ?? "") != appliedCorrupted
        else { return }
        changed()
    }

    /// The values shown now.
    var controls: AnalysisControls {
        let aggregations = AnalysisControls.Aggregation.allCases
        let featureCases = AnalysisControls.Features.allCases
        let aggIndex = Int(gtk_drop_down_get_selected(g(aggregation)))
        let featIndex = Int(gtk_drop_down_get_selected(g(features)))
        let corruptedText = String(cString: gtk_editable_get_text(g(corrupted)))
        return AnalysisControls(
            topK: Int(gtk_spin_button_get_value_as_int(g(topK))),
            clusters: Int(gtk_spin_button_get_value_as_int(g(clusters))),
            aggregation: aggregations.indices.contains(aggIndex) ? aggregations[aggIndex] : .mean,
            head: Int(gtk_spin_button_get_value_as_int(g(head))) - 1,
            features: featureCases.indices.contains(featIndex) ? featureCases[featIndex] : .row,
            contrastA: String(cString: gtk_editable_get_text(g(contrastA))),
            contrastB: String(cString: gtk_editable_get_text(g(contrastB))),
            corruptedPrompt: corruptedText.isEmpty ? nil : corruptedText)
    }

    /// Shows `values` without reporting a change.
    func apply(_ values: AnalysisControls) {
        applying = true
        defer { applying = false }
        gtk_spin_button_set_value(g(topK), Double(values.topK))
        gtk_spin_button_set_value(g(clusters), Double(values.clusters))
        gtk_spin_button_set_value(g(head), Double(values.head + 1))
        let aggIndex = AnalysisControls.Aggregation.allCases.firstIndex(of: values.aggregation) ?? 0
        gtk_drop_down_set_selected(g(aggregation), guint(aggIndex))
        let featIndex = AnalysisControls.Features.allCases.firstIndex(of: values.features) ?? 0
        gtk_drop_down_set_selected(g(features), guint(featIndex))
        gtk_editable_set_text(g(contrastA), values.contrastA)
        gtk_editable_set_text(g(contrastB), values.contrastB)
        gtk_editable_set_text(g(corrupted), values.corruptedPrompt ?? "")
        appliedContrast = (values.contrastA, values.contrastB)
        appliedCorrupted = values.corruptedPrompt ?? ""
        updateHeadSensitivity()
    }

    /// Limits the head spinner to 1…H once the model is known.
    func setHeadCount(_ count: Int) {
        gtk_spin_button_set_range(g(head), 1, Double(max(count, 1)))
    }

    private func updateHeadSensitivity() {
        gtk_widget_set_sensitive(head, controls.aggregation == .head ? 1 : 0)
    }

    private func changed() {
        updateHeadSensitivity()
        if applying { return }
        let values = controls
        appliedContrast = (values.contrastA, values.contrastB)
        appliedCorrupted = values.corruptedPrompt ?? ""
        onChange?(values)
    }
}
