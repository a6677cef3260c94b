import Foundation
import Testing
import TensorCore

@testable import Analysis
@testable import Transformer

/// A prompt over `ForwardResult.residMidTokenLimit` keeps no `resid_mid`: the depth views recompute a
/// position's rows by running each block on that row against the run's keys and values. The recomputed
/// rows must be the forward's own, on every family (sliding windows, parallel residuals, post-LN).
@Suite("resid_mid recomputed for long prompts")
struct ResidMidRecomputeTests {
    /// The run as a long prompt's forward returns it: the same record without `resid_mid`.
    static func withoutMid(_ r: ForwardResult) -> ForwardResult {
        ForwardResult(ids: r.ids, resid: r.resid, residMid: nil, attention: r.attention, logitsLast: r.logitsLast)
    }

    @Test("recomputed rows equal the forward's resid_mid at every position", arguments: DepthFixture.names)
    func recomputedEqualsKept(_ name: String) throws {
        let f = try DepthFixture(name)
        let model = try f.model
        for prompt in f.prompts {
            let forward = try model.forward(ids: prompt)
            let kept = try #require(forward.residMid)
            let long = Self.withoutMid(forward)
            let (t, d) = (forward.tokens, forward.width)
            for position in 0..<t {
                let rows = try model.residMidRows(of: long, position: position)
                #expect(rows.shape == [forward.layers, d])
                var worst: Float = 0
                for l in 0..<forward.layers {
                    for j in 0..<d {
                        let a = rows.buffer[l * d + j]
                        let b = kept.buffer[(l * t + position) * d + j]
                        worst = max(worst, abs(a - b) / max(1, abs(b)))
                    }
                }
                #expect(worst < 1e-5, "\(name) position \(position): \(worst)")
                // The kept rows are read back as they are.
                let keptRows = try model.residMidRows(of: forward, position: position)
                let same = withExtendedLifetime(keptRows) { Array(keptRows.buffer) }
                var expected: [Float] = []
                for l in 0..<forward.layers {
                    let start = (l * t + position) * d
                    expected += kept.buffer[start..<(start + d)]
                }
                #expect(same == expected)
            }
        }
    }

    @Test("a run without resid_mid still gives lens_mid and attribution parts that sum to the total")
    func depthViewsWithoutKeptMid() throws {
        let f = try DepthFixture("llama-tiny")
        let model = try f.model
        let ids = f.prompts[1]
        let forward = try model.forward(ids: ids)
        let tokens = ids.map { TokenEntry(id: $0, text: "#\($0)") }
        let kept = CapturedRun(loaded: f.loaded, tokens: tokens, forward: forward, tokenText: { "#\($0)" })
        let long = CapturedRun(
            loaded: f.loaded, tokens: tokens, forward: Self.withoutMid(forward), tokenText: { "#\($0)" })
        for position in [0, ids.count / 2, ids.count - 1] {
            for l in 0..<forward.layers {
                let a = long.residMid(layer: l, position: position)
                let b = kept.residMid(layer: l, position: position)
                #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
            }
            let residuals = ResidualCapture(
                forward: long.forward, midRows: (position, try long.residMidRows(at: position)))
            let a = try DirectLogitAttribution.compute(
                model: model, residuals: residuals, position: position, target: 7, baseline: nil,
                weightedValues: { long.headValues(layer: $0 - 1, position: position) }, text: { "#\($0)" })
            #expect(abs(a.partsSum - Double(a.linearTotal)) < 1e-3 * max(1, abs(Double(a.linearTotal))))
        }
        // Without the position's rows, attribution refuses instead of reading zeros.
        #expect(throws: AnalysisError.self) {
            try DirectLogitAttribution.compute(
                model: model, residuals: ResidualCapture(forward: long.forward), position: 0, target: 7,
                baseline: nil, weightedValues: { long.headValues(layer: $0 - 1, position: 0) }, text: { "#\($0)" })
        }
        #expect(throws: AnalysisError.self) { try long.residMidRows(at: ids.count) }
    }
}
