import Analysis
import Charts
import PluginKit

/// The heatmap's hover readout and its data as a table (Ctrl+C).
extension HeatmapPlugin {
    /// A cell of the query-row heatmap: layer, token and attention (or that it is masked); a click
    /// there makes the token the query position. In the head grid: the head, and the query → key
    /// cell under the pointer with its weight.
    public func hover(at point: Point, size: Size) -> HoverInfo? {
        guard let snapshot else { return nil }
        let run = snapshot.primary
        switch mode {
        case .aggregate:
            guard let layout = lastLayout, layout.plot.contains(x: point.x, y: point.y), layout.columns > 0,
                layout.rows > 0
            else { return nil }
            let column = min(Int((point.x - layout.plot.x) / layout.cellWidth), layout.columns - 1)
            let top = min(Int((point.y - layout.plot.y) / layout.cellHeight), layout.rows - 1)
            let row = layout.firstRowAtBottom ? layout.rows - 1 - top : top
            let token = "token \(column) \(PluginChrome.quoted(run.tokens[column].text))"
            let value: String
            if column > run.queryPosition {
                value = "masked: later than the query"
            } else if snapshot.heatmap.indices.contains(row), snapshot.heatmap[row].indices.contains(column) {
                value = "attention \(String(format: "%.3f", snapshot.heatmap[row][column]))"
            } else {
                value = "not run yet"
            }
            return HoverInfo(
                lines: ["layer \(row + 1) · \(token)", value, "click: make it the query position"],
                at: point, token: column)
        case .perHead:
            guard let (head, panel) = lastPanels.first(where: { $0.value.contains(x: point.x, y: point.y) })
            else { return nil }
            var lines = ["\(head.label) (layer \(head.layer + 1), head \(head.head + 1))"]
            let t = run.tokens.count
            if t > 0, let stack = run.attentionStack(), head.layer < stack.layerCount {
                let k = min(Int((point.x - panel.x) / panel.width * Double(t)), t - 1)
                let q = min(Int((point.y - panel.y) / panel.height * Double(t)), t - 1)
                let w = k <= q ? String(format: "%.3f", stack.row(layer: head.layer, head: head.head, query: q)[k]) : "masked"
                lines.append(
                    "query \(q) \(PluginChrome.quoted(run.tokens[q].text)) → key \(k) "
                        + "\(PluginChrome.quoted(run.tokens[k].text)): \(w)")
            }
            if highlightedHeads.contains(head) { lines.append("in the selected cluster") }
            return HoverInfo(lines: lines, at: point)
        }
    }

    /// Query-row view: one row per layer, one column per token (empty where masked). Head grid: one
    /// row per (layer, head, query, key) weight.
    public func table() -> DataTable? {
        guard let snapshot else { return nil }
        let run = snapshot.primary
        switch mode {
        case .aggregate:
            guard !snapshot.heatmap.isEmpty else { return nil }
            let rows = snapshot.heatmap.enumerated().map { l, row in
                ["\(l + 1)"]
                    + run.tokens.indices.map { c in
                        c <= run.queryPosition && c < row.count ? DataTable.number(Double(row[c])) : ""
                    }
            }
            return DataTable(
                columns: ["layer"] + run.tokens.enumerated().map { "\($0.offset) \($0.element.text)" }, rows: rows)
        case .perHead:
            guard let stack = run.attentionStack() else { return nil }
            var rows: [[String]] = []
            for l in 0..<stack.layerCount {
                for h in 0..<run.info.heads {
                    for q in 0..<run.tokens.count {
                        let row = stack.row(layer: l, head: h, query: q)
                        for k in 0...q { rows.append(["\(l + 1)", "\(h + 1)", "\(q)", "\(k)", DataTable.number(Double(row[k]))]) }
                    }
                }
            }
            return DataTable(columns: ["layer", "head", "query", "key", "attention"], rows: rows)
        }
    }
}
