import CGtk

/// The analysis options row: top-k, clusters, attention aggregation (and head), head features, contrast.
///
/// Spin buttons and dropdowns report each change; the contrast entries report on Enter, so a
/// half-typed word is not looked up.
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
    private var applying = false
    var onChange: ((AnalysisControls) -> Void)?

    private static let aggregationLabels = ["Mean over heads", "Max over heads", "Single head", "Rollout"]
    private static let featureLabels = ["Attention row", "Whole pattern"]

    init(_ initial: AnalysisControls) {
        widget = Widgets.box(GTK_ORIENTATION_HORIZONTAL, spacing: 6)
        topK = Widgets.spinButton(min: 1, max: 100, value: Double(initial.topK))
        clusters = Widgets.spinButton(min: 1, max: 32, value: Double(initial.clusters))
        aggregation = Widgets.dropDown(Self.aggregationLabels)
        head = Widgets.spinButton(min: 0, max: 127, value: Double(initial.head))
        features = Widgets.dropDown(Self.featureLabels)
        contrastA = gtk_entry_new()
        contrastB = gtk_entry_new()
        for entry in [contrastA, contrastB] {
            gtk_editable_set_width_chars(g(entry), 9)
            gtk_entry_set_placeholder_text(g(entry), "token")
        }
        Widgets.describe(topK, label: "Top-k", tooltip: "How many top tokens to list per layer")
        Widgets.describe(clusters, label: "Clusters", tooltip: "How many groups k-means makes of the heads")
        Widgets.describe(aggregation, label: "Attention aggregation", tooltip: "How heads are combined")
        Widgets.describe(head, label: "Head", tooltip: "The head shown when aggregation is Single head")
        Widgets.describe(features, label: "Head features", tooltip: "What describes a head for clustering")
        Widgets.describe(
            contrastA, label: "Contrast token A",
            tooltip: "Token A: the contrast shows log p(A) − log p(B); Enter applies")
        Widgets.describe(contrastB, label: "Contrast token B", tooltip: "Token B; Enter applies")
        Widgets.append(
            widget,
            Widgets.mnemonicLabel("Top-_k", for: topK), topK,
            Widgets.mnemonicLabel("C_lusters", for: clusters), clusters,
            Widgets.mnemonicLabel("_Attention", for: aggregation), aggregation,
            Widgets.mnemonicLabel("_Head", for: head), head,
            Widgets.mnemonicLabel("_Features", for: features), features,
            Widgets.mnemonicLabel("Con_trast", for: contrastA), contrastA,
            Widgets.mnemonicLabel("_vs", for: contrastB), contrastB)
        apply(initial)
        for spin in [topK, clusters, head] {
            Signal.onVoid(spin, "value-changed") { [unowned self] in changed() }
        }
        for dropDown in [aggregation, features] {
            Signal.onVoid3(dropDown, "notify::selected") { [unowned self] in changed() }
        }
        for entry in [contrastA, contrastB] {
            Signal.onVoid(entry, "activate") { [unowned self] in changed() }
        }
    }

    /// The values shown now.
    var controls: AnalysisControls {
        let aggregations = AnalysisControls.Aggregation.allCases
        let featureCases = AnalysisControls.Features.allCases
        let aggIndex = Int(gtk_drop_down_get_selected(g(aggregation)))
        let featIndex = Int(gtk_drop_down_get_selected(g(features)))
        return AnalysisControls(
            topK: Int(gtk_spin_button_get_value_as_int(g(topK))),
            clusters: Int(gtk_spin_button_get_value_as_int(g(clusters))),
            aggregation: aggregations.indices.contains(aggIndex) ? aggregations[aggIndex] : .mean,
            head: Int(gtk_spin_button_get_value_as_int(g(head))),
            features: featureCases.indices.contains(featIndex) ? featureCases[featIndex] : .row,
            contrastA: String(cString: gtk_editable_get_text(g(contrastA))),
            contrastB: String(cString: gtk_editable_get_text(g(contrastB))))
    }

    /// Shows `values` without reporting a change.
    func apply(_ values: AnalysisControls) {
        applying = true
        defer { applying = false }
        gtk_spin_button_set_value(g(topK), Double(values.topK))
        gtk_spin_button_set_value(g(clusters), Double(values.clusters))
        gtk_spin_button_set_value(g(head), Double(values.head))
        let aggIndex = AnalysisControls.Aggregation.allCases.firstIndex(of: values.aggregation) ?? 0
        gtk_drop_down_set_selected(g(aggregation), guint(aggIndex))
        let featIndex = AnalysisControls.Features.allCases.firstIndex(of: values.features) ?? 0
        gtk_drop_down_set_selected(g(features), guint(featIndex))
        gtk_editable_set_text(g(contrastA), values.contrastA)
        gtk_editable_set_text(g(contrastB), values.contrastB)
        updateHeadSensitivity()
    }

    /// Sets the largest head index (H − 1) once the model is known.
    func setHeadCount(_ count: Int) {
        gtk_spin_button_set_range(g(head), 0, Double(max(count - 1, 0)))
    }

    private func updateHeadSensitivity() {
        gtk_widget_set_sensitive(head, controls.aggregation == .head ? 1 : 0)
    }

    private func changed() {
        updateHeadSensitivity()
        if applying { return }
        onChange?(controls)
    }
}
