import Foundation
import ModelFiles
import TensorCore
import Transformer

/// One request: tokenize; run the primary model only when the session does not keep a run of the same
/// model and tokens (streaming its layers); then compute the views the request asks for from the run.
///
/// Runs on the session's queue; every result goes out through `emit`.
struct AnalysisPipeline {
    let request: AnalysisRequest
    let cache: ModelCache
    let store: RunStore
    /// True once a newer request (of any kind) has started: the views stop.
    let isCancelled: @Sendable () -> Bool
    /// True once a request for another model or prompt has started: the forward pass stops. A newer
    /// request for the same model and prompt lets the pass finish and reuses it.
    let isPassCancelled: @Sendable () -> Bool
    let emit: @Sendable (SessionUpdate) -> Void
    /// Whether a comparison selection is answered at once from the positions already read, the rest
    /// read afterwards in cancellable steps (`selectionCompletionSteps`) while the view refreshes (the
    /// window); otherwise every selected position is read before the views go out (the CLI).
    var partialSelection = false

    /// Runs the request; returns the kept run, the query position and the comparison model's kept run
    /// (if any) when every view went out.
    @discardableResult
    func run() -> (run: CapturedRun, query: Int, comparison: CapturedRun?)? {
        let started = Date()
        do {
            var snapshot = try prepare()
            let runner = try runner(for: request.model)
            let ids = snapshot.primary.tokens.map(\.id)
            let key = RunStore.Key(model: request.model, ids: ids)
            // `.finished` (not `.viewUpdated`) goes out once per forward pass: for the request that ran
            // it, or, when a newer view request for the same prompt took over mid-pass, for that one.
            var ranModel = !store.isAnnounced(key)
            let captured: CapturedRun
            if let kept = store.run(key) {
                captured = kept
            } else {
                if let limit = request.options.confirmAbove, ids.count > limit {
                    emit(.confirmationNeeded(RunEstimate(info: runner.loaded.model.info, tokens: ids.count), snapshot))
                    return nil
                }
                store.keepOnly(models: [])
                emit(.tokenized(snapshot))
                var run = snapshot.primary
                captured = try runner.run(&run, ids: ids, isCancelled: isPassCancelled) { partial in
                    snapshot.primary = partial
                    snapshot.refreshStreamed(aggregation: request.options.attention)
                    let layer = partial.lens.count - 1
                    snapshot.stage = .running(layer: layer, of: partial.info.layers)
                    snapshot.elapsed = Date().timeIntervalSince(started)
                    emit(.layer(layer, snapshot))
                }
                store.put(captured, for: key)
                ranModel = true
            }
            guard !isCancelled() else { return nil }
            snapshot.primary = try RunViews.modelRun(
                captured, query: snapshot.primary.queryPosition, topK: request.options.topK,
                positions: lensPositions(captured))
            snapshot.refreshStreamed(aggregation: request.options.attention)
            try finish(&snapshot, captured: captured, ranModel: &ranModel)
            guard !isCancelled() else { return nil }
            try depthViews(&snapshot, captured: captured, runner: runner)
            guard !isCancelled() else { return nil }
            try patch(&snapshot, runner: runner, started: started)
            guard !isCancelled() else { return nil }
            snapshot.stage = .finished
            snapshot.elapsed = Date().timeIntervalSince(started)
            emit(ranModel ? .finished(snapshot) : .viewUpdated(snapshot))
            store.announce(key)
            return (captured, snapshot.primary.queryPosition, snapshot.comparison?.run.captured)
        } catch TransformerError.cancelled {
            return nil
        } catch {
            if !isCancelled() { emit(.failed(error)) }
            return nil
        }
    }

    /// Positions whose top-k the views need besides the query: all with `allPositions`, else the
    /// comparison selection's tokens (with `partialSelection`, those read already).
    private func lensPositions(_ captured: CapturedRun) -> [Int] {
        if request.options.allPositions { return Array(0..<captured.tokenCount) }
        guard request.compareModel != nil else { return [] }
        return Self.selectionPositions(request, in: captured, partial: partialSelection)
    }

    /// The selected positions of `captured` whose top-k a comparison view reads now: all of them, or with
    /// `partial` those read already.
    static func selectionPositions(_ request: AnalysisRequest, in captured: CapturedRun, partial: Bool) -> [Int] {
        let selected = selectedPositions(request.options.selection, tokenCount: captured.tokenCount)
        guard partial else { return selected }
        return selected.filter { captured.isTopCached(at: $0, k: request.options.topK) }
    }

    /// The token positions of a comparison selection within a run of `tokenCount` tokens.
    static func selectedPositions(_ selection: ComparisonSelection?, tokenCount: Int) -> [Int] {
        guard let s = selection, tokenCount > 0 else { return [] }
        let from = max(0, s.tokenFrom), to = min(tokenCount - 1, max(s.tokenFrom, s.tokenTo))
        return from <= to ? Array(from...to) : []
    }

    /// The primary model's runner reads the lens after attention with the query's lens when the depth
    /// views are on, unless it is read beside the head clustering instead
    /// (`readsMidLensBesideClustering(_:info:)`); a comparison model's never does.
    private func runner(for location: ModelLocation) throws -> ModelRunner {
        let loaded = try cache.model(at: location)
        return ModelRunner(
            loaded: loaded, topK: request.options.topK,
            readsMidLens: request.options.depthViews && location == request.model
                && !Self.readsMidLensBesideClustering(request.options, info: loaded.model.info),
            streams: request.options.streamsLayers)
    }

    /// Whether the query's lens after attention is read on one core while the head clustering (which runs
    /// on one core, about 40 ms) takes the other, instead of in the pass's lens products: when the request
    /// clusters the heads and that lens is small enough for one core to read in about the clustering's time
    /// (`midLensBesideClusteringLimit`). Its L full-vocabulary rows (SmolLM2: 30 × 49,152 × 576, 17 ms on
    /// two cores) then cost no wall time. Otherwise they share the pass's reads of the unembedding with the
    /// lens after each block, on both cores (a larger model's would take longer on one core than the
    /// clustering and the two-core product one after the other).
    static func readsMidLensBesideClustering(_ options: AnalysisOptions, info: ModelInfo) -> Bool {
        options.depthViews && options.clusterHeads
            && Double(info.layers) * Double(info.vocabularySize) * Double(info.width)
                <= Double(midLensBesideClusteringLimit)
    }

    /// The most multiply-adds (L·V·D) of a lens after attention read beside the head clustering: one core
    /// (about 60 GFLOP/s here) reads 2·2³¹ flops in about 70 ms, while the sequential way costs the
    /// clustering (~40 ms) plus the product on two cores (~35 ms): beyond it, sequential is no slower.
    static let midLensBesideClusteringLimit = 1 << 31

    /// Loads the model, tokenizes, and checks every option before any block runs.
    private func prepare() throws -> SessionSnapshot {
        let options = request.options
        guard options.topK >= 1 else { throw AnalysisError.invalidTopK(k: options.topK) }
        let runner = try runner(for: request.model)
        let ids = try request.promptIDs.map { try runner.tokenize(prompt: request.prompt, ids: $0) }
            ?? store.ids(model: request.model, prompt: request.prompt) {
                try runner.tokenize(prompt: request.prompt, ids: nil)
            }
        let query = request.queryPosition ?? ids.count - 1
        guard query >= 0 && query < ids.count else {
            throw AnalysisError.queryPositionOutOfRange(position: query, tokenCount: ids.count)
        }
        let info = runner.loaded.model.info
        if case .head(let h) = options.attention, !(0..<info.heads).contains(h) {
            throw AnalysisError.headOutOfRange(head: h, headCount: info.heads)
        }
        if options.clusterHeads, options.clusters < 1 || options.clusters > info.layers * info.heads {
            throw AnalysisError.tooManyClusters(clusters: options.clusters, points: info.layers * info.heads)
        }
        if let s = options.selection {
            guard s.depthFrom >= 0, s.depthTo <= 1, s.depthFrom <= s.depthTo else {
                throw AnalysisError.selectionDepthOutOfRange(from: s.depthFrom, to: s.depthTo)
            }
            guard s.tokenFrom >= 0, s.tokenFrom <= s.tokenTo, s.tokenTo < ids.count else {
                throw AnalysisError.selectionTokensOutOfRange(
                    from: s.tokenFrom, to: s.tokenTo, tokenCount: ids.count)
            }
        }
        if !options.patchFailureInSnapshot {
            _ = try DepthViews(runner: runner, request: request, isCancelled: isCancelled).corruptedIDs(
                clean: ids.count)
        }
        var snapshot = SessionSnapshot(
            request: request, stage: .tokenized, primary: runner.emptyRun(ids: ids, query: query))
        if let pair = options.contrast {
            guard let tokenizer = runner.loaded.tokenizer else {
                throw TransformerError.missingTokenizer(folder: runner.loaded.displayName)
            }
            let encode: (String) throws -> [Int] = { text in
                let all = try tokenizer.encode(text)
                // Drop a BOS the tokenizer prepends: candidates are continuations, not prompts.
                if let bos = tokenizer.prependedBOSID, all.first == bos { return Array(all.dropFirst()) }
                return all
            }
            let a = try ContrastTokenResolver.resolve(pair.a, encode: encode)
            let b = try ContrastTokenResolver.resolve(pair.b, encode: encode)
            snapshot.contrast = ContrastResult(a: a, b: b, rows: [])
        }
        return snapshot
    }

    /// Activation patching, when a corrupted prompt was given: one `.patching` update per layer.
    private func patch(_ snapshot: inout SessionSnapshot, runner: ModelRunner, started: Date) throws {
        do {
            try patchSweep(&snapshot, runner: runner, started: started)
        } catch {
            if case TransformerError.cancelled = error { throw error }
            guard request.options.patchFailureInSnapshot else { throw error }
            snapshot.patchingError = AnalysisError(wrapping: error)
        }
    }

    private func patchSweep(_ snapshot: inout SessionSnapshot, runner: ModelRunner, started: Date) throws {
        let depth = DepthViews(runner: runner, request: request, isCancelled: isCancelled)
        guard let ids = try depth.corruptedIDs(clean: snapshot.primary.tokens.count) else { return }
        var current = snapshot
        // Every other view is done: plugins see a finished analysis while the patching grid fills in.
        current.stage = .finished
        snapshot.patching = try depth.patching(snapshot.primary, corrupted: ids, contrast: snapshot.contrast) {
            partial in
            current.patching = partial
            current.elapsed = Date().timeIntervalSince(started)
            emit(.patching(current))
        }
    }

    /// The lens after attention at the query position, attribution and the grids asked for.
    private func depthViews(_ snapshot: inout SessionSnapshot, captured: CapturedRun, runner: ModelRunner) throws {
        let options = request.options
        let depth = DepthViews(runner: runner, request: request, isCancelled: isCancelled)
        if options.depthViews {
            snapshot.primary.midLens = try depth.midLens(captured, query: snapshot.primary.queryPosition)
            do {
                snapshot.attribution = try depth.attribution(
                    captured, query: snapshot.primary.queryPosition, contrast: snapshot.contrast)
            } catch {
                snapshot.attributionError = AnalysisError(wrapping: error)
            }
        }
        // Every layer at every position is 2·(L+1)·T lens products: minutes for a long prompt, so the
        // grids are read only up to `gridTokenLimit` tokens (the query's lens and its views are not bounded).
        guard captured.tokenCount <= SessionSnapshot.gridTokenLimit else { return }
        // Read once per run: a view update (a chip, a control) reuses them.
        if options.grid { snapshot.grid = try captured.lensGrid(afterAttention: false) }
        if options.midGrid { snapshot.midGrid = try captured.lensGrid(afterAttention: true) }
    }

    /// `clustering(_:query:)`, with the lens after attention of `query` read on the other core meanwhile
    /// when `readsMidLensBesideClustering(_:info:)` and both are still to compute (a failure there is not
    /// reported here: `midLens` reads it again and reports).
    private func clusteringBesideMidLens(_ captured: CapturedRun, query: Int) throws -> RunStore.ClusteringEntry {
        guard Self.readsMidLensBesideClustering(request.options, info: captured.info),
            !captured.isMidLensCached(at: query),
            !store.isClusteringCheap(clusteringKey(captured, query: query))
        else {
            return try clustering(captured, query: query)
        }
        var entry: Result<RunStore.ClusteringEntry, Error> = .failure(TransformerError.cancelled(afterLayer: 0))
        WorkSplit.forEach(2) { part in
            if part == 0 {
                entry = Result { try clustering(captured, query: query) }
            } else {
                _ = try? captured.midLogprobs(at: query)
            }
        }
        return try entry.get()
    }

    /// What the head clustering of `query` in `captured` with the request's features and k depends on.
    private func clusteringKey(_ captured: CapturedRun, query: Int) -> RunStore.ClusteringKey {
        RunStore.ClusteringKey(
            run: ObjectIdentifier(captured), query: query, features: request.options.features,
            clusters: request.options.clusters)
    }

    /// The head clustering of `query` with the request's features and k, and its trustworthiness (both
    /// cached per run, query, features and k).
    func clustering(_ captured: CapturedRun, query: Int) throws -> RunStore.ClusteringEntry {
        var options = HeadClusteringOptions()
        options.clusterCount = request.options.clusters
        options.featureKind = request.options.features
        let key = clusteringKey(captured, query: query)
        return try store.clustering(key) {
            // Another cluster count of the same heads: same features and embedding, only k-means runs.
            if let sibling = store.sibling(of: key) {
                let result = try HeadClustering.cluster(
                    sibling.result.features, headCount: captured.info.heads, options: options,
                    embedding: sibling.result.embedding)
                return RunStore.ClusteringEntry(result: result, trustworthiness: sibling.trustworthiness)
            }
            let features = try CapturedAttention.features(
                captured.forward.attention, layers: captured.info.layers, query: query, kind: options.featureKind)
            let result = try HeadClustering.cluster(features, headCount: captured.info.heads, options: options)
            return RunStore.ClusteringEntry(
                result: result,
                trustworthiness: try? Trustworthiness.score(features: result.features, embedding: result.embedding, k: 5))
        }
    }

    /// What a view at `position` of the kept run reads first, to be read ahead in the background, one
    /// step per queue item: the lens and its metrics, the lens after attention and the head clustering
    /// (when the request shows them). A failure here is not shown: the same read-out runs again, and
    /// reports, when the position is asked for.
    func readAheadSteps(_ captured: CapturedRun, position: Int) -> [@Sendable () -> Void] {
        var steps: [@Sendable () -> Void] = [{ _ = try? captured.metrics(at: position) }]
        if request.options.depthViews { steps.append { _ = try? captured.midLogprobs(at: position) } }
        if request.options.clusterHeads { steps.append { [self] in _ = try? clustering(captured, query: position) } }
        return steps
    }

    /// What a comparison selection reads, to be read ahead once the views are out when a comparison model
    /// is loaded: the top-k of every layer at every position of both runs (a Timeline or Comparison drag
    /// selects depths over all tokens), from the query outwards. Prompts over
    /// `SessionSnapshot.gridTokenLimit` tokens are not read ahead (a drag there reads what it selects).
    func selectionReadAheadSteps(_ runs: [CapturedRun], query: Int) -> [@Sendable () -> Void] {
        let readable = runs.filter { $0.tokenCount <= SessionSnapshot.gridTokenLimit }
        return readSteps(readable.map { run in
            let q = min(query, run.tokenCount - 1)
            return (run, [q] + AnalysisSession.neighbours(of: q, in: run.tokenCount, count: run.tokenCount))
        })
    }

    /// With `partialSelection`: the selected positions of `runs` that the views went out without, as read
    /// steps, with `refresh` (the request's views again, from what is read by then) after every
    /// `refreshEvery` steps and after the last. Empty when the selection was complete.
    func selectionCompletionSteps(
        _ runs: [CapturedRun], refresh: @escaping @Sendable () -> Void
    ) -> [@Sendable () -> Void] {
        guard partialSelection, request.compareModel != nil, request.options.selection != nil else { return [] }
        let k = request.options.topK
        let missing = runs.map { run in
            (run, Self.selectedPositions(request.options.selection, tokenCount: run.tokenCount).filter {
                !run.isTopCached(at: $0, k: k)
            })
        }
        let reads = readSteps(missing)
        guard !reads.isEmpty else { return [] }
        return stride(from: 0, to: reads.count, by: Self.refreshEvery).flatMap {
            reads[$0..<min(reads.count, $0 + Self.refreshEvery)] + [refresh]
        }
    }

    /// Read steps between two refreshes of a partial selection (about half a second of lens products).
    static let refreshEvery = 16

    /// One step per `CapturedRun.positionsPerProduct` positions of each run, in the order given, the runs
    /// alternately (so that both fill in together).
    private func readSteps(_ runs: [(CapturedRun, [Int])]) -> [@Sendable () -> Void] {
        let k = request.options.topK
        let perRun: [[@Sendable () -> Void]] = runs.map { run, positions in
            CapturedRun.productChunks(positions).map { chunk in { _ = try? run.readTops(at: chunk, k: k) } }
        }
        let longest = perRun.map(\.count).max() ?? 0
        return (0..<longest).flatMap { i in perRun.compactMap { i < $0.count ? $0[i] : nil } }
    }

    /// Metrics, clustering (cached per query, features and k) and the comparison.
    private func finish(_ snapshot: inout SessionSnapshot, captured: CapturedRun, ranModel: inout Bool) throws
    {
        let run = snapshot.primary
        snapshot.metrics = try captured.metrics(at: run.queryPosition)
        if request.options.clusterHeads {
            do {
                let entry = try clusteringBesideMidLens(captured, query: run.queryPosition)
                snapshot.clustering = entry.result
                snapshot.trustworthiness = entry.trustworthiness
                let span = CapturedAttention.patternPositions(tokens: run.tokens.count)
                snapshot.clusteringPositions =
                    request.options.features == .fullPattern && span.count < run.tokens.count ? span : nil
            } catch {
                snapshot.clusteringError = AnalysisError(wrapping: error)
            }
        }
        if let other = request.compareModel, !isCancelled() {
            do {
                let comparison = try ComparisonPipeline(
                    request: request, primary: run, runner: try runner(for: other), location: other,
                    store: store, isCancelled: isCancelled, partialSelection: partialSelection
                ).run()
                snapshot.comparison = comparison.result
                if comparison.ranModel { ranModel = true }
            } catch TransformerError.cancelled {
                throw TransformerError.cancelled(afterLayer: 0)
            } catch {
                snapshot.comparisonError = .comparisonModel(AnalysisError(wrapping: error))
            }
        }
    }
}
