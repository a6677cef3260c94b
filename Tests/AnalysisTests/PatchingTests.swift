import Foundation
import Testing
import TensorCore
import Transformer

@testable import Analysis

@Suite("Activation patching")
struct PatchingTests {
    /// The fixture's prompt 0 with one token changed.
    static func corrupted(_ clean: [Int], at position: Int) -> [Int] {
        var ids = clean
        ids[position] = (ids[position] + 17) % 1000 + 5
        return ids
    }

    @Test(
        "patching every position at l = 0 restores the clean run exactly (metric 1)",
        arguments: DepthFixture.names)
    func everyPositionAtEmbedding(_ name: String) throws {
        let f = try DepthFixture(name)
        let model = try f.model
        let clean = f.prompts[0]
        let corrupted = Self.corrupted(clean, at: 1)
        let cleanRun = try model.forward(ids: clean)
        let corruptedRun = try model.forward(ids: corrupted)
        let (t, d) = (clean.count, model.info.width)
        let (answer, foil) = (5, 9)
        let ends = try model.logitDifferences(
            rows: Tensor(shape: [2, d], values: lastRow(cleanRun) + lastRow(corruptedRun)), answer: answer,
            foil: foil)
        // All of resid[0] from the clean run, through every block.
        let embed = Array(cleanRun.resid.values[0..<(t * d)])
        let patched = try model.continueForward(
            from: 0, inputs: Tensor(shape: [1, t, d], values: embed), readPosition: t - 1,
            isCancelled: { false })
        let diff = try model.logitDifferences(rows: patched, answer: answer, foil: foil)[0]
        let metric = (Double(diff) - Double(ends[1])) / (Double(ends[0]) - Double(ends[1]))
        #expect(abs(metric - 1) < 1e-4, "\(name): \(metric)")
    }

    @Test(
        "the sweep: last position at l = L gives 1, other positions there 0, the changed token at l = 0 gives 1",
        arguments: DepthFixture.names)
    func sweep(_ name: String) throws {
        let f = try DepthFixture(name)
        let clean = f.prompts[1]
        let changed = 2
        let corrupted = Self.corrupted(clean, at: changed)
        let model = try f.model
        let s = try f.analyze(1)
        let cleanResiduals = ResidualCapture(forward: try #require(s.primary.captured).forward)
        let corruptedRun = try model.forward(ids: corrupted)
        var rows = 0
        let p = try ActivationPatching.run(
            model: model, clean: cleanResiduals, corrupted: corruptedRun,
            answer: TokenEntry(id: 5, text: "a"), foil: TokenEntry(id: 9, text: "b"), corruptedTokens: [],
            isCancelled: { false }, onLayer: { _ in rows += 1 })
        let (layers, t) = (model.info.layers, clean.count)
        #expect(rows == layers + 1)
        #expect(p.values.count == layers + 1 && p.values.allSatisfy { $0.count == t })
        #expect(p.isComplete)
        #expect(abs((p.values[layers][t - 1] ?? 0) - 1) < 1e-5)
        for pos in 0..<(t - 1) { #expect(abs(p.values[layers][pos] ?? 1) < 1e-4) }
        // Only the changed token differs, so restoring it at the embedding restores everything.
        #expect(abs((p.values[0][changed] ?? 0) - 1) < 1e-4)
        // Positions before the change carry the same value in both runs: patching them changes nothing.
        for pos in 0..<changed { for l in 0...layers { #expect(abs(p.values[l][pos] ?? 1) < 1e-5) } }
    }

    @Test(
        "the batched sweep (suffixes on the corrupted keys and values) equals patching each prompt whole",
        arguments: DepthFixture.names)
    func batchedEqualsWhole(_ name: String) throws {
        let f = try DepthFixture(name)
        let model = try f.model
        let clean = f.prompts[1]
        let corrupted = Self.corrupted(clean, at: 1)
        let cleanRun = try model.forward(ids: clean)
        let corruptedRun = try model.forward(ids: corrupted)
        let (layers, t, d) = (model.info.layers, clean.count, model.info.width)
        let (answer, foil) = (5, 9)
        let p = try ActivationPatching.run(
            model: model, clean: ResidualCapture(forward: cleanRun), corrupted: corruptedRun,
            answer: TokenEntry(id: answer, text: "a"), foil: TokenEntry(id: foil, text: "b"),
            corruptedTokens: [],
            isCancelled: { false }, onLayer: { _ in })
        // The definition, one prompt at a time: corrupted resid[l] with row s from the clean run, all T
        // positions through blocks l+1…L.
        let ends = try model.logitDifferences(
            rows: Tensor(shape: [2, d], values: lastRow(cleanRun) + lastRow(corruptedRun)), answer: answer,
            foil: foil)
        let span = Double(ends[0]) - Double(ends[1])
        let plane = t * d
        var compared = 0
        for l in 0...layers {
            for s in 0..<t {
                var input = Array(corruptedRun.resid.values[(l * plane)..<((l + 1) * plane)])
                for i in 0..<d { input[s * d + i] = cleanRun.resid.values[l * plane + s * d + i] }
                let row: Tensor
                if l == layers {
                    row = Tensor(shape: [1, d], values: Array(input[((t - 1) * d)...]))
                } else {
                    row = try model.continueForward(
                        from: l, inputs: Tensor(shape: [1, t, d], values: input), readPosition: t - 1,
                        isCancelled: { false })
                }
                let diff = try model.logitDifferences(rows: row, answer: answer, foil: foil)[0]
                let whole = (Double(diff) - Double(ends[1])) / span
                let batched = try #require(p.values[l][s])
                #expect(abs(Double(batched) - whole) < 1e-4, "\(name) l=\(l) t=\(s): \(batched) vs \(whole)")
                compared += 1
            }
        }
        #expect(compared == (layers + 1) * t)
        // The comparison has teeth: some patch moves the metric away from 0 and 1 at a middle layer.
        #expect(p.values[1...].joined().contains { v in (v ?? 0) > 0.01 })
        // Small batches (one, a few positions or parts of two layers in each) give the same values, and
        // still one report per layer, in order from L down.
        for limit in [1, t + 1, 2 * t + 3] {
            var reported: [Int] = []
            let small = try ActivationPatching.run(
                model: model, clean: ResidualCapture(forward: cleanRun), corrupted: corruptedRun,
                answer: TokenEntry(id: answer, text: "a"), foil: TokenEntry(id: foil, text: "b"),
                corruptedTokens: [], isCancelled: { false },
                onLayer: { reported.append($0.layersDone) }, rowsPerBatch: limit)
            #expect(reported == Array(1...(layers + 1)), "\(name) limit \(limit)")
            for l in 0...layers {
                for s in 0..<t {
                    let (a, b) = (small.values[l][s] ?? .nan, p.values[l][s] ?? .nan)
                    #expect(abs(a - b) < 1e-4, "\(name) limit \(limit) l=\(l) t=\(s): \(a) vs \(b)")
                }
            }
        }
    }

    @Test("batches split the positions by rows, in order, and keep a long one alone")
    func batchSplitting() {
        #expect(ActivationPatching.batches([0, 1, 2], rows: { 10 - $0 }) == [[0, 1, 2]])
        let long = ActivationPatching.batches(Array(0..<2000), rows: { 2000 - $0 })
        #expect(long.joined().elementsEqual(0..<2000))
        #expect(long.first == [0])
        for batch in long {
            #expect(batch.count == 1 || batch.reduce(0) { $0 + 2000 - $1 } <= ActivationPatching.batchRows)
        }
        #expect(long.contains { $0.count > 1 })
    }

    @Test("a corrupted prompt of another length fails before the run with a clear message")
    func lengthMismatch() throws {
        let f = try DepthFixture("gpt2-tiny")
        #expect(throws: AnalysisError.patchLengthMismatch(clean: 6, corrupted: 2)) {
            try f.analyze(0) { $0.patchIDs = [1, 2] }
        }
        #expect(
            "\(AnalysisError.patchLengthMismatch(clean: 6, corrupted: 2))".contains("same number of tokens"))
    }

    @Test("in the window's mode a corrupted prompt of another length is reported in the snapshot; the rest runs")
    func lengthMismatchInSnapshot() throws {
        let f = try DepthFixture("gpt2-tiny")
        let s = try f.analyze(0) {
            $0.patchIDs = [1, 2]
            $0.patchFailureInSnapshot = true
        }
        #expect(s.patching == nil)
        #expect(s.patchingError == .patchLengthMismatch(clean: 6, corrupted: 2))
        #expect(s.attribution != nil && s.primary.lens.count == f.loaded.model.info.layers + 1)
        // Same length: it patches, with no error.
        let ok = try f.analyze(0) {
            $0.patchIDs = Self.corrupted(f.prompts[0], at: 1)
            $0.patchFailureInSnapshot = true
        }
        #expect(ok.patchingError == nil && ok.patching?.isComplete == true)
    }

    @Test("patching streams one update per layer before the analysis finishes")
    func streamsLayers() throws {
        let f = try DepthFixture("llama-tiny")
        let clean = f.prompts[0]
        let session = AnalysisSession(cache: ModelCache { _ in f.loaded })
        let box = LastUpdate()
        session.subscribe(on: ImmediateScheduler()) { box.set($0) }
        var request = AnalysisRequest(
            prompt: "", promptIDs: clean, model: .folder(URL(fileURLWithPath: "/fixture/llama")))
        request.options.clusterHeads = false
        request.options.patchIDs = Self.corrupted(clean, at: 0)
        session.start(request)
        session.waitUntilIdle()
        #expect(box.patchingUpdates == f.loaded.model.info.layers + 1)
        guard case .finished(let s) = box.get() else { Issue.record("no finished update"); return }
        let p = try #require(s.patching)
        #expect(p.isComplete)
        // Default answer and foil: the clean and the corrupted top-1.
        let t = clean.count
        #expect(
            p.answer.id
                == s.primary.lens.last?.queryLogprobs.indices.max { a, b in
                    (s.primary.lens.last?.queryLogprobs[a] ?? 0)
                        < (s.primary.lens.last?.queryLogprobs[b] ?? 0)
                })
        let corrupted = try f.loaded.model.forward(ids: Self.corrupted(clean, at: 0)).logitsLast.values
        #expect(p.foil.id == corrupted.indices.max { corrupted[$0] < corrupted[$1] })
    }

    func lastRow(_ r: ForwardResult) -> [Float] {
        let (t, d) = (r.tokens, r.width)
        let start = (r.layers * t + t - 1) * d
        return Array(r.resid.values[start..<(start + d)])
    }
}
