import Analysis
import Foundation

/// The readable form of an analysis for a terminal.
enum TextReport {
    static func render(_ s: SessionSnapshot) -> String {
        let run = s.primary
        var out = "\(run.displayName) (\(run.info.family.rawValue), \(run.info.layers) layers)\n"
        out += "tokens: " + run.tokens.enumerated().map { "[\($0.offset)] \($0.element.text)" }.joined(separator: " ") + "\n"
        out += "query position: \(run.queryPosition)\n\nlayer  top-1                      p       entropy  KL(final‖l)\n"
        for (layer, metric) in zip(run.lens, s.metrics) {
            let top = layer.top[run.queryPosition].first
            let text = (top?.text ?? "").padding(toLength: 24, withPad: " ", startingAt: 0)
            out += String(format: "%5d  ", layer.layer) + text
                + String(format: "  %.4f  %7.3f  %7.3f\n", top?.prob ?? 0, metric.entropy, metric.klFromFinal)
        }
        if let c = s.contrast {
            out += "\ncontrast \(c.a.encodedForm) vs \(c.b.encodedForm)\n"
            for row in c.rows {
                out += String(format: "%5d  Δlogp %+8.3f  Δp %+.4f  ranks %d / %d\n", row.layer, row.logprobDiff,
                              row.probDiff, row.a.rank, row.b.rank)
            }
        }
        if let error = s.comparisonError { out += "\n\(error)\n" }
        out += String(format: "\nanalysis took %.3f s", s.elapsed)
        return out
    }
}
