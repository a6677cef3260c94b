import Analysis
import Charts
import PluginKit

/// The head map's hover readout and its data as a table (Ctrl+C).
extension ClusteringPlugin {
    /// The head nearest the pointer (within 8 points): its name, cluster and map coordinates. The
    /// head's label is drawn on the map while it is hovered.
    public func hover(at point: Point, size: Size) -> HoverInfo? {
        let head = self.head(at: point)
        if head != hoveredHead { hoveredHead = head }
        guard let head, let result = snapshot?.clustering, let frame = lastFrame,
            let heads = snapshot?.primary.info.heads
        else { return nil }
        let row = head.layer * heads + head.head
        guard row < result.labels.count else { return nil }
        let p = result.embedding.row(row)
        return HoverInfo(
            lines: [
                "\(head.label) (layer \(head.layer + 1), head \(head.head + 1))",
                "cluster C\(result.labels[row] + 1)",
                String(format: "UMAP (%.2f, %.2f)", p[0], p[1]),
            ], at: Point(x: frame.x(Double(p[0])), y: frame.y(Double(p[1]))))
    }

    /// One row per head: layer, head, cluster and map coordinates.
    public func table() -> DataTable? {
        guard let result = snapshot?.clustering, let heads = snapshot?.primary.info.heads else { return nil }
        let rows = result.labels.indices.map { i -> [String] in
            let head = HeadFeatures.head(ofRow: i, headCount: heads)
            let p = result.embedding.row(i)
            return [
                head.label, "\(head.layer + 1)", "\(head.head + 1)", "C\(result.labels[i] + 1)",
                DataTable.number(Double(p[0])), DataTable.number(Double(p[1])),
            ]
        }
        return DataTable(columns: ["head", "layer", "head index", "cluster", "umap 1", "umap 2"], rows: rows)
    }
}
