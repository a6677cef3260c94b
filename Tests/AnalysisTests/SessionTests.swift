import Foundation
import ModelFiles
import Testing
import TensorCore
import Transformer

@testable import Analysis

/// A model that takes its time between blocks, so a test can interrupt it.
private struct SlowModel: LanguageModel {
    let inner: any LanguageModel
    let delay: TimeInterval
    var passes: PassCounter? = nil
    var info: ModelInfo { inner.info }
    func forward(ids: [Int], onBlock: (BlockCapture) -> Void, isCancelled: () -> Bool) throws -> ForwardResult {
        passes?.increment()
        return try inner.forward(ids: ids, onBlock: { capture in
            Thread.sleep(forTimeInterval: delay)
            onBlock(capture)
        }, isCancelled: isCancelled)
    }
    func lens(rows: Tensor) throws -> Tensor { try inner.lens(rows: rows) }
}

/// Counts lens products.
private struct LensCounting: LanguageModel {
    let inner: any LanguageModel
    let lenses: PassCounter
    var info: ModelInfo { inner.info }
    func forward(ids: [Int], onBlock: (BlockCapture) -> Void, isCancelled: () -> Bool) throws -> ForwardResult {
        try inner.forward(ids: ids, onBlock: onBlock, isCancelled: isCancelled)
    }
    func lens(rows: Tensor) throws -> Tensor {
        lenses.increment()
        return try inner.lens(rows: rows)
    }
}

/// Collects updates in arrival order.
private final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(tag: String, update: SessionUpdate)] = []
    func add(_ tag: String, _ u: SessionUpdate) { lock.withLock { items.append((tag, u)) } }
    var all: [(tag: String, update: SessionUpdate)] { lock.withLock { items } }
}

private func kind(_ u: SessionUpdate) -> String {
    switch u {
    case .tokenized: "tokenized"
    case .layer(let l, _): "layer\(l)"
    case .patching: "patching"
    case .finished: "finished"
    case .viewUpdated: "view"
    case .failed(let e): "failed: \(e)"
    case .cancelled: "cancelled"
    case .confirmationNeeded: "confirm"
    }
}

@Suite("AnalysisSession")
struct SessionTests {
    static let gpt2 = ModelLocation.folder(fixturesURL().appendingPathComponent("models/gpt2-tiny"))

    @Test("updates stream in order: tokenized, every layer 0…L, then finished")
    func streamingOrder() throws {
        let session = AnalysisSession()
        let scheduler = ManualScheduler()
        let recorder = Recorder()
        session.subscribe(on: scheduler) { recorder.add("", $0) }
        session.start(AnalysisRequest(prompt: "The world is full of amazing", model: Self.gpt2))
        session.waitUntilIdle()
        scheduler.drain()
        let kinds = recorder.all.map { kind($0.update) }
        #expect(kinds == ["tokenized", "layer0", "layer1", "layer2", "layer3", "finished"])
        let finished = try #require(recorder.all.last?.update.snapshot)
        #expect(finished.primary.lens.count == 4)
        #expect(finished.metrics.count == 4)
        #expect(finished.heatmap.count == 3)
        // Each streamed snapshot holds exactly the layers done so far.
        for (i, item) in recorder.all.enumerated() where kind(item.update).hasPrefix("layer") {
            #expect(item.update.snapshot?.primary.lens.count == i)
        }
    }

    @Test("without streaming (the CLI): no layer updates, and the same lens, metrics and heatmap as a streamed run; the lens after attention read beside the head clustering equals the one read in the pass")
    func unstreamedRunMatchesStreamed() throws {
        var request = AnalysisRequest(prompt: "The world is full of amazing", model: Self.gpt2)
        // Without the head clustering, the lens after attention is read in the pass's lens products.
        request.options.clusterHeads = false
        let (streamedKinds, streamedLast) = Self.updates(request)
        let streamed = try #require(streamedLast)
        #expect(streamedKinds.contains("layer3"))
        #expect(streamed.clustering == nil)
        request.options.clusterHeads = true
        let clustered = try #require(Self.updates(request).last?.clustering)
        // The products group other rows (one product against several), so float32 sums may differ in the
        // last bits.
        func maxDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
            zip(a, b).map { zip($0, $1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? .infinity
        }
        // With the head clustering on, the lens after attention is read beside it (on the other core).
        for (streams, clusters) in [(true, true), (false, true), (false, false)] {
            request.options.streamsLayers = streams
            request.options.clusterHeads = clusters
            let (kinds, variantLast) = Self.updates(request)
            let variant = try #require(variantLast)
            if !streams { #expect(kinds == ["tokenized", "finished"]) }
            #expect(variant.primary.lens.count == streamed.primary.lens.count)
            #expect(variant.primary.lens.map(\.layer) == streamed.primary.lens.map(\.layer))
            #expect(maxDifference(variant.primary.lens.map(\.queryLogprobs), streamed.primary.lens.map(\.queryLogprobs)) < 1e-4)
            #expect(variant.primary.midLens.count == streamed.primary.midLens.count)
            #expect(variant.primary.midLens.map(\.layer) == streamed.primary.midLens.map(\.layer))
            #expect(maxDifference(variant.primary.midLens.map(\.queryLogprobs), streamed.primary.midLens.map(\.queryLogprobs)) < 1e-4)
            #expect(variant.metrics.count == streamed.metrics.count)
            #expect(maxDifference(variant.heatmap, streamed.heatmap) < 1e-6)
            #expect(variant.attribution?.total != nil)
            if clusters {
                #expect(variant.clustering == clustered)
            } else {
                #expect(variant.clustering == nil)
            }
        }
    }

    @Test("the lens after attention is read beside the clustering for SmolLM2's sizes, not for a vocabulary × width too large for one core")
    func midLensBesideClusteringRule() {
        var options = AnalysisOptions()
        let smol = RunEstimateTests.smol
        #expect(AnalysisPipeline.readsMidLensBesideClustering(options, info: smol))
        // Qwen2.5-0.5B's sizes: 24 × 151,936 × 896, 3.3 G multiply-adds.
        let qwen = ModelInfo(
            name: "Qwen2.5-0.5B", family: .qwen2, layers: 24, heads: 14, kvHeads: 2, width: 896,
            vocabularySize: 151_936, contextLength: 32_768, headDim: 64, ffnWidth: 4_864, gatedFFN: true)
        #expect(!AnalysisPipeline.readsMidLensBesideClustering(options, info: qwen))
        options.clusterHeads = false
        #expect(!AnalysisPipeline.readsMidLensBesideClustering(options, info: smol))
        options.clusterHeads = true
        options.depthViews = false
        #expect(!AnalysisPipeline.readsMidLensBesideClustering(options, info: smol))
    }

    /// Runs `request` on a fresh session: the kinds of every update in order, and the last snapshot.
    private static func updates(_ request: AnalysisRequest) -> (kinds: [String], last: SessionSnapshot?) {
        let session = AnalysisSession()
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        session.start(request)
        session.waitUntilIdle()
        return (recorder.all.map { kind($0.update) }, recorder.all.last?.update.snapshot)
    }

    @Test("a new request cancels a slow run: nothing of the old run arrives after the new run's first update")
    func cancellationDeliversNothingStale() throws {
        let fixture = try ModelLoader.load(Self.gpt2)
        let slow = LoadedModel(
            model: SlowModel(inner: fixture.model, delay: 0.15), tokenizer: fixture.tokenizer, displayName: "slow")
        let slowLocation = ModelLocation.folder(URL(fileURLWithPath: "/slow"))
        let cache = ModelCache { $0 == slowLocation ? slow : fixture }
        let session = AnalysisSession(cache: cache)
        let recorder = Recorder()
        let tags = TagBox()
        session.subscribe(on: ImmediateScheduler()) { recorder.add(tags.current, $0) }
        tags.current = "old"
        session.start(AnalysisRequest(prompt: "The world is full of amazing", model: slowLocation))
        // Wait until the slow run has streamed something, then replace it.
        let deadline = Date().addingTimeInterval(10)
        while recorder.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        tags.current = "new"
        session.start(AnalysisRequest(prompt: "Hello, my dog is cute and", model: Self.gpt2))
        session.waitUntilIdle()
        let all = recorder.all
        let firstNew = try #require(all.firstIndex { $0.tag == "new" })
        let afterFirstNew = all[firstNew...]
        // Everything after the new run's first update belongs to the new prompt.
        for item in afterFirstNew {
            if let s = item.update.snapshot { #expect(s.request.prompt == "Hello, my dog is cute and") }
        }
        #expect(kind(all.last?.update ?? .cancelled) == "finished")
        // The old run never finished.
        #expect(!all.contains { kind($0.update) == "finished" && $0.update.snapshot?.request.prompt != "Hello, my dog is cute and" })
    }

    @Test("a control changed during the forward pass does not restart it: one pass, every layer once, one finished with the new control")
    func controlChangeKeepsThePass() throws {
        let fixture = try ModelLoader.load(Self.gpt2)
        let passes = PassCounter()
        let slow = LoadedModel(
            model: SlowModel(inner: fixture.model, delay: 0.15, passes: passes), tokenizer: fixture.tokenizer,
            displayName: "slow")
        let location = ModelLocation.folder(URL(fileURLWithPath: "/slow"))
        let session = AnalysisSession(cache: ModelCache { _ in slow })
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        let prompt = "The world is full of amazing"
        session.start(AnalysisRequest(prompt: prompt, model: location))
        let deadline = Date().addingTimeInterval(10)
        while !recorder.all.contains(where: { kind($0.update) == "layer0" }) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        var options = AnalysisOptions()
        options.topK = 3
        session.start(AnalysisRequest(prompt: prompt, model: location, options: options))
        session.waitUntilIdle()
        let kinds = recorder.all.map { kind($0.update) }
        #expect(passes.count == 1)
        #expect(kinds == ["tokenized", "layer0", "layer1", "layer2", "layer3", "finished"])
        let finished = try #require(recorder.all.last?.update.snapshot)
        #expect(finished.request.options.topK == 3)
        #expect(finished.primary.lens.last?.top[finished.primary.queryPosition].count == 3)
        // A further control change on the kept run is a view update, not a second `finished`.
        options.topK = 5
        session.start(AnalysisRequest(prompt: prompt, model: location, options: options))
        session.waitUntilIdle()
        #expect(recorder.all.map { kind($0.update) }.last == "view")
        #expect(passes.count == 1)
    }

    @Test("after the views, the lens of the positions next to the query is read in the background, nearest first")
    func backgroundLens() throws {
        #expect(AnalysisSession.neighbours(of: 5, in: 6, count: 3) == [4, 3, 2])
        #expect(AnalysisSession.neighbours(of: 2, in: 6, count: 4) == [1, 3, 0, 4])
        #expect(AnalysisSession.neighbours(of: 0, in: 1, count: 7) == [])
        let session = AnalysisSession(backgroundPositions: 3)
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        session.start(AnalysisRequest(prompt: "The world is full of amazing", model: Self.gpt2))
        session.waitUntilIdle()
        let finished = try #require(recorder.all.last?.update.snapshot)
        let run = try #require(finished.primary.captured)
        let q = finished.primary.queryPosition
        let deadline = Date().addingTimeInterval(10)
        while !(1...3).allSatisfy({ run.isLensCached(at: q - $0) && run.isMidLensCached(at: q - $0) })
            && Date() < deadline
        {
            session.waitUntilIdle()
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect((1...3).allSatisfy { run.isLensCached(at: q - $0) })
        #expect(!run.isLensCached(at: q - 4))
        // The lens after attention is read ahead too (the depth views are on by default).
        #expect((1...3).allSatisfy { run.isMidLensCached(at: q - $0) })
        #expect(!run.isMidLensCached(at: q - 4))
        // A chip on a position read in the background: its views equal a fresh read-out's.
        let fresh = try CapturedRun.logprobRows(try run.model.lens(rows: run.forward.residualRows(at: q - 1)))
        #expect(try run.logprobs(at: q - 1) == fresh)
        let mids = try run.residMidRows(at: q - 1)
        let freshMid = try CapturedRun.logprobRows(
            try run.model.lens(rows: Tensor(shape: [mids.count, run.info.width], values: mids.flatMap { $0 })))
        #expect(try run.midLogprobs(at: q - 1) == freshMid)
    }

    @Test("with a comparison model, every position's top-k of both runs is read ahead, equal to a lone read-out, and a drag then needs no lens product")
    func selectionReadAhead() throws {
        let lenses = PassCounter()
        let gpt2 = try ModelLoader.load(Self.gpt2)
        let llama = try ModelLoader.load(.folder(fixturesURL().appendingPathComponent("models/llama-tiny")))
        let primary = ModelLocation.folder(URL(fileURLWithPath: "/counted-gpt2"))
        let other = ModelLocation.folder(URL(fileURLWithPath: "/counted-llama"))
        func counted(_ m: LoadedModel) -> LoadedModel {
            LoadedModel(model: LensCounting(inner: m.model, lenses: lenses), tokenizer: m.tokenizer, displayName: m.displayName)
        }
        let (countedA, countedB) = (counted(gpt2), counted(llama))
        let cache = ModelCache { $0 == other ? countedB : countedA }
        let session = AnalysisSession(cache: cache, backgroundPositions: 2)
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        var request = AnalysisRequest(
            prompt: "The world is full of amazing things and people who", model: primary)
        request.compareModel = other
        session.start(request)
        session.waitUntilIdle()
        let finished = try #require(recorder.all.last?.update.snapshot)
        let runA = try #require(finished.primary.captured)
        let runB = try #require(finished.comparison?.run.captured)
        let k = request.options.topK
        let deadline = Date().addingTimeInterval(20)
        func allRead() -> Bool {
            [runA, runB].allSatisfy { run in (0..<run.tokenCount).allSatisfy { run.isTopCached(at: $0, k: k) } }
        }
        while !allRead() && Date() < deadline {
            session.waitUntilIdle()
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(allRead())
        // Batched read-outs (several positions per product) equal each position's own product.
        for run in [runA, runB] {
            for p in [0, run.tokenCount / 2, run.tokenCount - 1] {
                let lone = try CapturedRun.logprobRows(try run.model.lens(rows: run.forward.residualRows(at: p)))
                let cached = try run.top(at: p, k: k)
                for (layer, entries) in cached.enumerated() {
                    let expected = CapturedRun.topEntries(lone[layer], k: k, text: run.tokenText)
                    #expect(entries.map(\.id) == expected.map(\.id), "position \(p) layer \(layer)")
                    #expect(zip(entries, expected).allSatisfy { abs($0.logprob - $1.logprob) < 1e-4 })
                }
            }
        }
        // A depth drag selects every token: served from the cache, with no lens product.
        session.waitUntilIdle()
        let before = lenses.count
        var drag = request
        drag.options.selection = ComparisonSelection(depthFrom: 0.2, depthTo: 0.8, tokenFrom: 0, tokenTo: runA.tokenCount - 1)
        session.start(drag)
        session.waitUntilIdle()
        #expect(kind(recorder.all.last?.update ?? .cancelled) == "view")
        #expect(recorder.all.last?.update.snapshot?.comparison?.selection != nil)
        #expect(lenses.count == before, "the drag read \(lenses.count - before) lens products")
    }

    @Test("a comparison selection is answered at once from what is read, then completed to the CLI's summary")
    func partialSelectionCompletes() throws {
        let primary = Self.gpt2
        let other = ModelLocation.folder(fixturesURL().appendingPathComponent("models/llama-tiny"))
        let prompt = "The world is full of amazing things and people who"
        // The window's session: the first analysis has no comparison model, so the drag request runs the
        // comparison model and has read none of its positions but the query when its views go out.
        let session = AnalysisSession(backgroundPositions: 2)
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        session.start(AnalysisRequest(prompt: prompt, model: primary))
        session.waitUntilIdle()
        var drag = AnalysisRequest(prompt: prompt, model: primary)
        drag.compareModel = other
        let tokens = try #require(recorder.all.last?.update.snapshot?.primary.tokens.count)
        drag.options.selection = ComparisonSelection(depthFrom: 0.25, depthTo: 1, tokenFrom: 0, tokenTo: tokens - 1)
        let start = recorder.all.count
        session.start(drag)
        func summaries() -> [SelectionSummary] {
            recorder.all.dropFirst(start).compactMap { $0.update.snapshot?.comparison?.selection }
        }
        let deadline = Date().addingTimeInterval(30)
        while summaries().last?.isComplete != true && Date() < deadline {
            session.waitUntilIdle()
            Thread.sleep(forTimeInterval: 0.01)
        }
        let seen = summaries()
        let first = try #require(seen.first)
        let last = try #require(seen.last)
        #expect(!first.isComplete, "the first answer waited for every position: \(first.tokensRead) read")
        #expect(last.isComplete && last.tokensSelected == tokens)
        #expect(seen.count >= 2)
        let kinds = recorder.all.dropFirst(start).map { kind($0.update) }
        #expect(!kinds.contains { $0.hasPrefix("layer") || $0.hasPrefix("failed") }, "\(kinds)")
        #expect(kinds.last == "view")
        // The CLI's session reads every selected position before its one answer: the same summary.
        let cli = AnalysisSession()
        let cliRecorder = Recorder()
        cli.subscribe(on: ImmediateScheduler()) { cliRecorder.add("", $0) }
        cli.start(drag)
        cli.waitUntilIdle()
        let expected = try #require(cliRecorder.all.last?.update.snapshot?.comparison?.selection)
        #expect(expected.isComplete)
        #expect(last.layersA == expected.layersA && last.layersB == expected.layersB)
        #expect(last.agreementRate == expected.agreementRate)
        #expect(abs(last.meanTop1ProbA - expected.meanTop1ProbA) < 1e-5)
        #expect(abs(last.meanTop1ProbB - expected.meanTop1ProbB) < 1e-5)
        #expect(last.meanAttentionA == expected.meanAttentionA)
        // The depth matches (a KL per layer) are kept per pair of runs and queries: the same as computed afresh.
        let finalSnapshot = try #require(recorder.all.last?.update.snapshot)
        let cliSnapshot = try #require(cliRecorder.all.last?.update.snapshot)
        let kept = try #require(finalSnapshot.comparison?.layers)
        let fresh = try #require(cliSnapshot.comparison?.layers)
        #expect(kept.count == fresh.count)
        for (x, y) in zip(kept, fresh) {
            #expect(x.layerB == y.layerB && x.agree == y.agree && x.top1A.id == y.top1A.id && x.top1B.id == y.top1B.id)
            #expect(abs(x.top1A.prob - y.top1A.prob) < 1e-5 && abs(x.top1B.prob - y.top1B.prob) < 1e-5)
            #expect(abs((x.klAB ?? 0) - (y.klAB ?? 0)) < 1e-4)
        }
    }

    @Test("a new cluster count reuses the run's UMAP embedding and equals clustering afresh")
    func clusterCountReusesEmbedding() throws {
        func clustering(_ session: AnalysisSession, _ recorder: Recorder, clusters: Int) -> (SessionSnapshot?, String) {
            var request = AnalysisRequest(prompt: "The world is full of amazing", model: Self.gpt2)
            request.options.clusters = clusters
            session.start(request)
            session.waitUntilIdle()
            let last = recorder.all.last
            return (last?.update.snapshot, last.map { kind($0.update) } ?? "none")
        }
        let session = AnalysisSession()
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        _ = clustering(session, recorder, clusters: 3)
        let (reused, how) = clustering(session, recorder, clusters: 4)
        #expect(how == "view")
        let fresh = AnalysisSession()
        let freshRecorder = Recorder()
        fresh.subscribe(on: ImmediateScheduler()) { freshRecorder.add("", $0) }
        let (afresh, _) = clustering(fresh, freshRecorder, clusters: 4)
        let a = try #require(reused?.clustering)
        let b = try #require(afresh?.clustering)
        #expect(a.clusters.count == 4)
        #expect(a == b)
        #expect(reused?.trustworthiness == afresh?.trustworthiness)
    }

    @Test("cancel() tells subscribers and stops the run")
    func explicitCancel() {
        let session = AnalysisSession()
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        session.start(AnalysisRequest(prompt: "The world", model: Self.gpt2))
        session.cancel()
        session.waitUntilIdle()
        #expect(recorder.all.contains { kind($0.update) == "cancelled" })
        #expect(!recorder.all.contains { kind($0.update) == "finished" })
    }

    @Test("bad requests fail with typed errors: empty prompt, position outside, too many clusters, bad contrast")
    func badInput() {
        func failure(_ r: AnalysisRequest) -> String {
            let session = AnalysisSession()
            let recorder = Recorder()
            session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
            session.start(r)
            session.waitUntilIdle()
            return recorder.all.last.map { kind($0.update) } ?? "none"
        }
        #expect(failure(AnalysisRequest(prompt: "", model: Self.gpt2)) == "failed: \(TransformerError.emptyPrompt)")
        #expect(failure(AnalysisRequest(prompt: "The world", model: Self.gpt2, queryPosition: 7))
            == "failed: \(AnalysisError.queryPositionOutOfRange(position: 7, tokenCount: 2))")
        var many = AnalysisOptions()
        many.clusters = 13
        #expect(failure(AnalysisRequest(prompt: "The world", model: Self.gpt2, options: many))
            == "failed: \(AnalysisError.tooManyClusters(clusters: 13, points: 12))")
        var empty = AnalysisOptions()
        empty.contrast = ContrastPair("", "people")
        #expect(failure(AnalysisRequest(prompt: "The world", model: Self.gpt2, options: empty))
            == "failed: \(AnalysisError.emptyContrastText)")
        let missing = ModelLocation.folder(URL(fileURLWithPath: "/nonexistent-model"))
        #expect(failure(AnalysisRequest(prompt: "The world", model: missing)).hasPrefix("failed: "))
    }

    @Test("a comparison model that fails to load leaves the primary analysis intact")
    func failedComparisonKeepsPrimary() throws {
        let session = AnalysisSession()
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        session.start(AnalysisRequest(
            prompt: "The world", model: Self.gpt2, compareModel: .folder(URL(fileURLWithPath: "/nonexistent"))))
        session.waitUntilIdle()
        let last = try #require(recorder.all.last?.update)
        #expect(kind(last) == "finished")
        #expect(last.snapshot?.comparison == nil)
        if case .comparisonModel(let cause)? = last.snapshot?.comparisonError {
            if case .unexpected = cause { Issue.record("the comparison failure is not typed: \(cause)") }
        } else {
            Issue.record("no comparison error: \(String(describing: last.snapshot?.comparisonError))")
        }
        #expect(last.snapshot?.primary.lens.count == 4)
    }

    @Test("the lens of the last layer equals the model's own output and contrast equals the log-prob difference")
    func lensAndContrastAgreeWithModel() throws {
        var options = AnalysisOptions()
        options.contrast = ContrastPair("world", "is")
        let session = AnalysisSession()
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        session.start(AnalysisRequest(prompt: "The world is full of amazing", model: Self.gpt2, options: options))
        session.waitUntilIdle()
        let s = try #require(recorder.all.last?.update.snapshot)
        let loaded = try ModelLoader.load(Self.gpt2)
        let out = try loaded.model.forward(ids: s.primary.tokens.map(\.id))
        var logits = out.logitsLast.values
        try logSoftmax(&logits)
        let lensLast = try #require(s.primary.lens.last?.queryLogprobs)
        let maxDiff = zip(logits, lensLast).map { abs($0 - $1) }.max() ?? 1
        #expect(maxDiff < 1e-4)
        #expect(s.metrics.last?.klFromFinal ?? 1 < 1e-9)
        let c = try #require(s.contrast)
        for (row, lens) in zip(c.rows, s.primary.lens) {
            let expected = Double(lens.queryLogprobs[c.a.id]) - Double(lens.queryLogprobs[c.b.id])
            #expect(abs(row.logprobDiff - expected) < 1e-6)
        }
    }
}


@Suite("AnalysisSession views")
struct SessionViewTests {
    /// Runs `requests` one after the other on one session, returning each one's update kinds and last snapshot.
    private func run(_ requests: [AnalysisRequest], cache: ModelCache = ModelCache())
        -> [(kinds: [String], last: SessionSnapshot?)]
    {
        let session = AnalysisSession(cache: cache)
        let recorder = Recorder()
        session.subscribe(on: ImmediateScheduler()) { recorder.add("", $0) }
        var results: [(kinds: [String], last: SessionSnapshot?)] = []
        for request in requests {
            let before = recorder.all.count
            session.start(request)
            session.waitUntilIdle()
            let mine = recorder.all[before...]
            results.append((mine.map { kind($0.update) }, mine.last?.update.snapshot))
        }
        return results
    }

    @Test("controls, a query position and contrast tokens recompute views only; a new prompt runs the model")
    func sameRunViewsOnly() throws {
        let prompt = "The world is full of amazing"
        let base = AnalysisRequest(prompt: prompt, model: SessionTests.gpt2)
        var topK = base
        topK.options.topK = 3
        var query = topK
        query.queryPosition = 2
        var aggregation = query
        aggregation.options.attention = .maxOverHeads
        var features = aggregation
        features.options.features = .fullPattern
        var contrast = features
        contrast.options.contrast = ContrastPair("world", "is")
        let other = AnalysisRequest(prompt: "Hello, my dog", model: SessionTests.gpt2)
        let results = run([base, topK, query, aggregation, features, contrast, other])
        #expect(results[0].kinds == ["tokenized", "layer0", "layer1", "layer2", "layer3", "finished"])
        for r in results[1...5] { #expect(r.kinds == ["view"]) }
        #expect(results[6].kinds.first == "tokenized" && results[6].kinds.last == "finished")
        let q = try #require(results[2].last)
        #expect(q.primary.queryPosition == 2)
        #expect(q.primary.lens.allSatisfy { $0.top[2].count == 3 })
        #expect(q.heatmap.count == 3 && q.heatmap[0].count == q.primary.tokens.count)
        // Views of the kept run equal a fresh run's at the same position.
        let fresh = run([query])[0].last
        // (The lens product batches rows differently, hence rounding-level differences.)
        let lensDiff = zip(q.primary.lens, fresh?.primary.lens ?? []).map { a, b in
            zip(a.queryLogprobs, b.queryLogprobs).map { abs($0 - $1) }.max() ?? 1
        }.max() ?? 1
        #expect(lensDiff <= 1e-4, "lens max |Δ| \(lensDiff)")
        let freshHeat = (fresh?.heatmap ?? []).joined()
        let heatDiff = zip(q.heatmap.joined(), freshHeat).map { abs($0 - $1) }.max() ?? 1
        #expect(heatDiff <= 1e-6, "heatmap max |Δ| \(heatDiff)")
        #expect(results[5].last?.contrast?.rows.count == 4)
    }

    @Test("the session's heatmap equals the full-stack aggregation of the forward's attention")
    func heatmapMatchesStack() throws {
        var request = AnalysisRequest(prompt: "The world is full of amazing", model: SessionTests.gpt2)
        for aggregation in [AttentionAggregation.meanOverHeads, .maxOverHeads, .head(1), .rollout] {
            request.options.attention = aggregation
            let s = try #require(run([request])[0].last)
            let loaded = try ModelLoader.load(SessionTests.gpt2)
            let forward = try loaded.model.forward(ids: s.primary.tokens.map(\.id))
            let p = forward.attention.patterns()
            let stack = try AttentionStack(
                layerCount: p.shape[0], headCount: p.shape[1], tokenCount: p.shape[2], values: p.values)
            let expected = try AttentionAggregator.heatmap(
                stack, query: s.primary.queryPosition, aggregation: aggregation)
            let diff = zip(s.heatmap.joined(), expected.joined()).map { abs($0 - $1) }.max() ?? 1
            #expect(diff <= 1e-6, "\(aggregation) max |Δ| \(diff)")
        }
    }
}

private final class TagBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    var current: String {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Counts forward passes.
private final class PassCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
