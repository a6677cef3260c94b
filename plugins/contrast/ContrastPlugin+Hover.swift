import Analysis
import Charts
import PluginKit

/// The contrast's hover readout and its data as a table (Ctrl+C).
extension ContrastPlugin {
    /// The bar under the pointer: its layer, log p(A) − log p(B), and both candidates' ranks there.
    public func hover(at point: Point, size: Size) -> HoverInfo? {
        guard let frame = lastFrame, let contrast = snapshot?.contrast, !contrast.rows.isEmpty,
            frame.plot.contains(x: point.x, y: point.y)
        else { return nil }
        let layer = Int(frame.x.invert(point.x).rounded())
        guard let row = contrast.rows.first(where: { $0.layer == layer }) else { return nil }
        let a = PluginChrome.quoted(contrast.a.encodedForm), b = PluginChrome.quoted(contrast.b.encodedForm)
        let lead = row.logprobDiff >= 0 ? "A more likely" : "B more likely"
        return HoverInfo(
            lines: [
                "layer \(layer) · \(lead)",
                String(format: "log p(A) − log p(B) = %.3f nats", row.logprobDiff),
                "A \(a): rank \(row.a.rank) · B \(b): rank \(row.b.rank)",
            ], at: Point(x: frame.x(Double(layer)), y: point.y))
    }

    /// One row per layer: the difference and both candidates' ranks.
    public func table() -> DataTable? {
        guard let contrast = snapshot?.contrast, !contrast.rows.isEmpty else { return nil }
        return DataTable(
            columns: ["layer", "log p(A) - log p(B)", "rank A", "rank B"],
            rows: contrast.rows.map {
                ["\($0.layer)", DataTable.number($0.logprobDiff), "\($0.a.rank)", "\($0.b.rank)"]
            })
    }
}
