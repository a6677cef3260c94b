import Foundation
import Testing
import TensorCore
import Transformer

@testable import Analysis

/// The identities the depth views rest on, on every fixture family they cover.
@Suite("Depth views: lens grid, lens after attention, attribution, patching")
struct DepthViewTests {
    static func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-3) }

    @Test("attribution parts sum to the model's own logit, with and without a baseline", arguments: DepthFixture.names)
    func partsSumToTotal(_ name: String) throws {
        let f = try DepthFixture(name)
        for prompt in 0..<3 {
            let s = try f.analyze(prompt)
            let a = try #require(s.attribution, "\(name) p\(prompt): \(s.attributionError.map(String.init(describing:)) ?? "")")
            #expect(a.layers.count == f.loaded.model.info.layers)
            #expect(Self.relativeError(a.partsSum, Double(a.linearTotal)) < 1e-3, "\(name) p\(prompt)")
            // The final top-1 is the target; its logit is the reference's.
            let logits = try f.reference.floats("p\(prompt).logits_last").values
            #expect(a.target.id == logits.indices.max { logits[$0] < logits[$1] })
            #expect(abs(a.total - logits[a.target.id]) < 1e-3)
        }
        // A − B: the reference's logit difference.
        let logits = try f.reference.floats("p0.logits_last").values
        let model = try f.model
        let forward = try model.forward(ids: f.prompts[0])
        let residuals = ResidualCapture(forward: forward)
        let q = residuals.tokens - 1
        let a = try DirectLogitAttribution.compute(
            model: model, residuals: residuals, position: q, target: 7, baseline: 11,
            weightedValues: { forward.attention.headValues(layer: $0 - 1, position: q) }, text: { "#\($0)" })
        #expect(abs(Double(a.total) - Double(logits[7] - logits[11])) < 1e-3)
        #expect(Self.relativeError(a.partsSum, Double(a.linearTotal)) < 1e-3)
    }

    @Test("head parts plus the output bias equal the block's attention part", arguments: DepthFixture.names)
    func headsSumToAttention(_ name: String) throws {
        let f = try DepthFixture(name)
        for position in [0, 3] {
            let a = try #require(try f.analyze(1, position: position).attribution)
            for layer in a.layers {
                #expect(layer.heads.count == f.loaded.model.info.heads)
                guard layer.headsAdditive else { continue }
                let sum = layer.heads.reduce(Double(layer.attentionBias ?? 0)) { $0 + Double($1) }
                #expect(abs(sum - Double(layer.attention)) < 1e-4 + 1e-3 * abs(Double(layer.attention)), "\(name) l\(layer.layer)")
            }
        }
        #expect(try f.analyze(0).attribution?.layers.allSatisfy(\.headsAdditive) == (name != "opt-tiny-postln"))
    }

    @Test("each block's attention + MLP part is the reference residual's step along the readout", arguments: DepthFixture.names)
    func residualPiecesMatchReference(_ name: String) throws {
        let f = try DepthFixture(name)
        let model = try f.model
        for prompt in 0..<3 {
            let a = try #require(try f.analyze(prompt).attribution)
            let (shape, resid) = try f.reference.floats("p\(prompt).resid")
            let (t, d) = (shape[1], shape[2])
            let q = t - 1
            func row(_ l: Int) -> [Float] { Array(resid[((l * t + q) * d)..<((l * t + q + 1) * d)]) }
            let readout = try model.frozenReadout(at: row(shape[0] - 1), target: a.target.id, baseline: nil)
            #expect(abs(readout.part(of: row(0)) - a.embed) < 1e-3)
            for layer in a.layers {
                let step = zip(row(layer.layer), row(layer.layer - 1)).map { $0 - $1 }
                #expect(abs(readout.part(of: step) - (layer.attention + layer.mlp)) < 2e-3, "\(name) l\(layer.layer)")
            }
        }
    }

    @Test("the grid's top-1 and next-token probabilities match the reference lens at every layer and position", arguments: DepthFixture.names)
    func gridMatchesReferenceLens(_ name: String) throws {
        let f = try DepthFixture(name)
        for prompt in 0..<3 {
            let grid = try #require(try f.analyze(prompt) { $0.grid = true }.grid)
            let (shape, ids) = try f.reference.ints("p\(prompt).lens_top_ids")
            let logprobs = try f.reference.floats("p\(prompt).lens_top_logprobs").values
            let (layers, t, k) = (shape[0], shape[1], shape[2])
            #expect(grid.topIDs.count == layers && grid.topIDs.allSatisfy { $0.count == t })
            let next = f.prompts[prompt]
            for l in 0..<layers {
                for p in 0..<t {
                    let base = (l * t + p) * k
                    // A near-tie between the first two may order either way.
                    if logprobs[base] - logprobs[base + 1] > 1e-4 { #expect(grid.topIDs[l][p] == ids[base]) }
                    #expect(abs(grid.topProbs[l][p] - expf(logprobs[base])) < 1e-4)
                    if p == t - 1 {
                        #expect(grid.nextTokenProbs[l][p] == nil)
                    } else if let j = (0..<k).first(where: { ids[base + $0] == next[p + 1] }) {
                        let got = try #require(grid.nextTokenProbs[l][p])
                        #expect(abs(got - expf(logprobs[base + j])) < 1e-4)
                    }
                }
            }
        }
    }

    @Test("the grid's last layer equals the model's own output", arguments: DepthFixture.names)
    func gridLastLayerIsOutput(_ name: String) throws {
        let f = try DepthFixture(name)
        let s = try f.analyze(2) { $0.grid = true }
        let grid = try #require(s.grid)
        let logits = try f.reference.floats("p2.logits_last").values
        let last = f.prompts[2].count - 1
        let top = logits.indices.max { logits[$0] < logits[$1] }
        #expect(grid.topIDs[f.loaded.model.info.layers][last] == top)
        let result = try f.loaded.model.forward(ids: f.prompts[2])
        let own = try LensReadout.top1(try logProbs(result.logitsLast.values))
        #expect(grid.topIDs.last?[last] == own.id)
        #expect(abs((grid.topProbs.last?[last] ?? 0) - own.prob) < 1e-5)
    }

    @Test("lens after attention: one entry per block, read from block input + attention output", arguments: DepthFixture.names)
    func lensMid(_ name: String) throws {
        let f = try DepthFixture(name)
        let s = try f.analyze(0, position: 2)
        let mid = s.primary.midLens
        #expect(mid.map(\.layer) == Array(1...f.loaded.model.info.layers))
        let captured = try #require(s.primary.captured)
        for lens in mid {
            let row = captured.residMid(layer: lens.layer - 1, position: 2)
            let logits = try f.loaded.model.lens(rows: Tensor(shape: [1, row.count], values: row)).values
            let expected = try LensReadout.top1(try logProbs(logits))
            #expect(lens.top[2].first?.id == expected.id)
            #expect(abs((lens.top[2].first?.logprob ?? 0) - expected.logprob) < 1e-4)
        }
        // The grid after attention, when asked for, covers every position.
        let grid = try #require(try f.analyze(0) { $0.midGrid = true }.midGrid)
        #expect(grid.layers == Array(1...f.loaded.model.info.layers))
        #expect(grid.topIDs.allSatisfy { $0.count == f.prompts[0].count })
    }

    func logProbs(_ logits: [Float]) throws -> [Float] {
        var row = logits
        try logSoftmax(&row)
        return row
    }
}
