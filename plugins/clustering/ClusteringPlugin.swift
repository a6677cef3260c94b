import Analysis
import Charts
import PluginKit

/// The UMAP map of every head coloured by k-means cluster, labelled `L{l}H{h}` when hovered or
/// selected, beside each cluster's mean attention pattern. Selecting a cluster shares it with the
/// other plugins (the heatmap's per-head view outlines its heads).
public final class ClusteringPlugin: SnapshotPlugin {
    public var info: PluginInfo { ClusteringPluginInfo.info }
    /// The head under the pointer (set by the window); its label is drawn.
    public var hoveredHead: HeadID? {
        didSet { host?.requestRedraw(self) }
    }
    /// Where the last draw put the scatter plot.
    public private(set) var lastFrame: ChartFrame?
    public private(set) var lastStrips: HeatmapLayout?

    public let state = PluginState()

    public init() {}

    /// The cluster chosen in the shared selection, if it exists in this run.
    var selectedCluster: Int? {
        guard let c = host?.selection?.cluster, let n = snapshot?.clustering?.clusters.count, c >= 0, c < n
        else { return nil }
        return c
    }

    /// The head whose point is nearest to `point` (within 8 units), for hover.
    public func head(at point: Point) -> HeadID? {
        guard let frame = lastFrame, let result = snapshot?.clustering,
            let heads = snapshot?.primary.info.heads
        else { return nil }
        var best: (Int, Double)?
        for i in 0..<result.embedding.count {
            let p = result.embedding.row(i)
            let dx = frame.x(Double(p[0])) - point.x, dy = frame.y(Double(p[1])) - point.y
            let d = dx * dx + dy * dy
            if d <= 64, d < (best?.1 ?? .infinity) { best = (i, d) }
        }
        return best.map { HeadFeatures.head(ofRow: $0.0, headCount: heads) }
    }

    /// A drag over the map selects the cluster most of the enclosed heads belong to.
    public func selection(for rect: Rect, size: Size) -> SharedSelection? {
        guard let frame = lastFrame, let result = snapshot?.clustering else { return nil }
        var counts: [Int: Int] = [:]
        for i in 0..<result.embedding.count {
            let p = result.embedding.row(i)
            if rect.contains(x: frame.x(Double(p[0])), y: frame.y(Double(p[1]))) {
                counts[result.labels[i], default: 0] += 1
            }
        }
        guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })
        else { return nil }
        var s = host?.selection ?? SharedSelection()
        s.cluster = best.key
        return s
    }

    public func draw(_ canvas: Canvas, size: Size) throws {
        let theme = PluginChrome.theme(host)
        lastFrame = nil
        lastStrips = nil
        guard let snapshot else {
            PluginChrome.drawEmpty("Head clusters", canvas: canvas, size: size, theme: theme)
            return
        }
        PluginChrome.background(canvas, size: size, theme: theme)
        guard let result = snapshot.clustering else {
            let area = PluginChrome.header(
                "Head clusters", note: PluginChrome.progress(snapshot), canvas: canvas, size: size,
                theme: theme)
            let (headline, detail) = missing(snapshot)
            PluginChrome.message(headline, detail: detail, canvas: canvas, in: area, theme: theme)
            return
        }
        let run = snapshot.primary
        var subtitle = "UMAP of \(result.labels.count) heads · k-means, k = \(result.clusters.count)"
        subtitle +=
            snapshot.request.options.features == .queryRow
            ? " · features: attention row at the query" : " · features: whole causal pattern"
        if let span = snapshot.clusteringPositions {
            subtitle += " of the last \(span.count) tokens (\(span.lowerBound)–\(span.upperBound - 1))"
        }
        if let t = snapshot.trustworthiness { subtitle += " · trustworthiness \(String(format: "%.2f", t))" }
        if let c = selectedCluster { subtitle += " · cluster C\(c + 1) selected" }
        let area = PluginChrome.header(
            "Head clusters", subtitle: subtitle, canvas: canvas, size: size, theme: theme)
        let wide = area.width > area.height * 1.2 && area.width >= 560
        let scatterRect =
            wide
            ? Rect(x: area.x, y: area.y, width: area.width * 0.55, height: area.height)
            : Rect(x: area.x, y: area.y, width: area.width, height: area.height * 0.6)
        let stripRect =
            wide
            ? Rect(
                x: scatterRect.maxX, y: area.y + 4, width: area.width - scatterRect.width,
                height: min(area.height * 0.85, Double(result.clusters.count) * 70 + 130))
            : Rect(
                x: area.x, y: scatterRect.maxY, width: area.width, height: area.height - scatterRect.height)
        let selected = selectedCluster
        let labelAll = result.labels.count <= 48 && selected == nil
        let points = result.labels.indices.map { i -> ScatterPoint in
            let p = result.embedding.row(i)
            let head = HeadFeatures.head(ofRow: i, headCount: run.info.heads)
            let show = labelAll || result.labels[i] == selected || head == hoveredHead
            return ScatterPoint(
                x: Double(p[0]), y: Double(p[1]), category: result.labels[i], label: show ? head.label : nil)
        }
        var chart = ScatterChart(
            points: points, categoryNames: result.clusters.indices.map { "C\($0 + 1)" }, xTitle: "UMAP 1",
            yTitle: "UMAP 2")
        chart.highlighted = Set(points.indices.filter { result.labels[$0] == selected })
        chart.pointSize = result.labels.count > 150 ? 6 : 8
        lastFrame = chart.draw(on: canvas, in: scatterRect, theme: theme)
        // Strips need room for labels, cells and a colour bar; at thumbnail sizes the map is enough.
        guard stripRect.width >= 220, stripRect.height >= 100 else { return }
        lastStrips = ClusterStrips(
            clustering: result, tokens: run.tokens.map {
                TokenLabel.display($0.label, maxCharacters: 12)
            },
            queryRow: snapshot.request.options.features == .queryRow, selected: selected
        ).draw(on: canvas, in: stripRect, theme: theme)
        if wide, area.maxY - stripRect.maxY > 60 {
            let kind =
                snapshot.request.options.features == .queryRow
                ? "attention row at the query" : "attention pattern"
            let hint =
                "Each strip is the mean \(kind) of a cluster's heads. "
                + "Drag over points to select their cluster: its heads are labelled here and outlined in "
                + "Attention heatmap → View: Every head."
            var y = stripRect.maxY + 12
            let style = TextStyle(size: theme.fontSize, color: theme.mutedForeground)
            for line in PluginChrome.wrap(hint, width: stripRect.width - 40, canvas: canvas, style: style)
            where y + canvas.lineHeight(style) < area.maxY {
                y +=
                    canvas.text(
                        line, at: Point(x: stripRect.x + 20, y: y), style: style,
                        maxWidth: stripRect.width - 40
                    ).height
            }
        }
    }

    private func missing(_ snapshot: SessionSnapshot) -> (String, String) {
        if let error = snapshot.clusteringError { return ("Heads could not be clustered", error.description) }
        if !snapshot.request.options.clusterHeads {
            return ("Head clustering is off", "Turn clustering on to group the heads by attention pattern.")
        }
        if snapshot.stage != .finished {
            return (
                "Clustering runs when every layer is done", "The heads are grouped once the run finishes."
            )
        }
        return ("No clustering in this run", "Run the analysis again with clustering on.")
    }
}
