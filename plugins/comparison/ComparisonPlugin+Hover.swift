import Analysis
import Charts
import PluginKit

/// The comparison's hover readout and its data as a table (Ctrl+C).
extension ComparisonPlugin {
    /// The depth under the pointer: both models' top-1 there and whether they agree.
    public func hover(at point: Point, size: Size) -> HoverInfo? {
        guard let frame = lastFrame, let comparison = snapshot?.comparison, !comparison.layers.isEmpty else {
            return nil
        }
        let strip = lastAgreementStrip ?? frame.plot
        let area = Rect(x: frame.plot.x - 8, y: frame.plot.y, width: frame.plot.width + 16, height: strip.maxY - frame.plot.y)
        guard area.contains(x: point.x, y: point.y) else { return nil }
        let depth = frame.x.invert(point.x)
        guard let m = comparison.layers.min(by: { abs($0.depthA - depth) < abs($1.depthA - depth) }) else {
            return nil
        }
        var lines = [
            String(format: "depth %.2f", m.depthA),
            "A layer \(m.layerA): \(PluginChrome.quoted(m.top1A.text)) p = \(String(format: "%.3f", m.top1A.prob))",
            "B layer \(m.layerB): \(PluginChrome.quoted(m.top1B.text)) p = \(String(format: "%.3f", m.top1B.prob))",
            m.agree ? "top-1 agree" : "top-1 differ",
        ]
        if let kl = m.klAB { lines[3] += String(format: " · KL(A‖B) %.3f nats", kl) }
        return HoverInfo(lines: lines, at: Point(x: frame.x(m.depthA), y: point.y))
    }

    /// One row per depth of model A with the matched layer of B.
    public func table() -> DataTable? {
        guard let comparison = snapshot?.comparison, !comparison.layers.isEmpty else { return nil }
        let rows = comparison.layers.map { m in
            [
                DataTable.number(m.depthA), "\(m.layerA)", m.top1A.text, DataTable.number(Double(m.top1A.prob)),
                "\(m.layerB)", m.top1B.text, DataTable.number(Double(m.top1B.prob)), m.agree ? "yes" : "no",
                m.klAB.map(DataTable.number) ?? "",
            ]
        }
        return DataTable(
            columns: [
                "depth", "layer A", "top-1 A", "p A", "layer B", "top-1 B", "p B", "agree", "KL(A||B) nats",
            ], rows: rows)
    }
}
