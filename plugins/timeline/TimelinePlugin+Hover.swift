import Analysis
import Charts
import PluginKit

/// The timeline's hover readout and its data as a table (Ctrl+C).
extension TimelinePlugin {
    /// Over the chart: the layer under the pointer and the track nearest to it, with its probability
    /// and rank there. Over the table: the cell's layer, rank, token and probability.
    public func hover(at point: Point, size: Size) -> HoverInfo? {
        if showsTable { return lastTable?.hover(at: point) }
        guard let frame = lastFrame, let model, let run = snapshot?.primary, model.layersDone > 0,
            frame.plot.inset(top: -4, left: -4, bottom: -4, right: -4).contains(x: point.x, y: point.y)
        else { return nil }
        let layer = min(max(Int(frame.x.invert(point.x).rounded()), 0), model.layersDone - 1)
        let x = frame.x(Double(layer))
        let nearest = model.tracks.min { a, b in
            distance(a.values[layer], to: point.y, frame: frame)
                < distance(b.values[layer], to: point.y, frame: frame)
        }
        guard let track = nearest, run.lens.indices.contains(layer) else { return nil }
        let logprobs = run.lens[layer].queryLogprobs
        let p = TimelineModel.value(of: track.id, in: logprobs, scale: .probability)
        let rank = Int(TimelineModel.value(of: track.id, in: logprobs, scale: .rank))
        let y = frame.y(track.values[layer])
        return HoverInfo(
            lines: [
                "layer \(layer)\(layer == 0 ? " (embedding)" : "")",
                "\(PluginChrome.quoted(track.text)) p = \(String(format: "%.3f", p)) · rank \(rank)",
            ], at: Point(x: x, y: y.isFinite ? y : point.y))
    }

    private func distance(_ value: Double, to y: Double, frame: ChartFrame) -> Double {
        let py = frame.y(value)
        return py.isFinite ? abs(py - y) : .infinity
    }

    /// The chart: one row per layer, one column per token followed (in the chart's scale). The table
    /// view: one row per (layer, rank) with the token and its probability.
    public func table() -> DataTable? {
        guard let run = snapshot?.primary, !run.lens.isEmpty else { return nil }
        if showsTable {
            let q = run.queryPosition
            var rows: [[String]] = []
            for lens in run.lens where lens.top.indices.contains(q) {
                for (rank, entry) in lens.top[q].enumerated() {
                    rows.append([
                        "\(lens.layer)", "\(rank + 1)", entry.text, "\(entry.id)",
                        DataTable.number(Double(entry.prob)),
                    ])
                }
            }
            return DataTable(columns: ["layer", "rank", "token", "id", "probability"], rows: rows)
        }
        guard let model else { return nil }
        let rows = (0..<model.layersDone).map { layer in
            ["\(layer)"] + model.tracks.map { DataTable.number($0.values[layer]) }
        }
        return DataTable(
            columns: ["layer"] + model.tracks.map { "\($0.text) (\(model.scale.rawValue))" }, rows: rows)
    }
}
