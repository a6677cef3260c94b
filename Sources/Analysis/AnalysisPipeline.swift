import Foundation
import ModelFiles
import Transformer

/// One run of a request: tokenize, stream the primary model's layers, then the finishing computations.
///
/// Runs on the session's queue; every result goes out through `emit`.
struct AnalysisPipeline {
    let request: AnalysisRequest
    let cache: ModelCache
    let isCancelled: @Sendable () -> Bool
    let emit: @Sendable (SessionUpdate) -> Void

    func run() {
        let started = Date()
        do {
            var snapshot = try prepare()
            emit(.tokenized(snapshot))
            var run = snapshot.primary
            let runner = try runner(for: request.model)
            let ids = run.tokens.map(\.id)
            try runner.run(&run, ids: ids, isCancelled: isCancelled) { partial in
                snapshot.primary = partial
                refreshStreamed(&snapshot)
                let layer = partial.lens.count - 1
                snapshot.stage = .running(layer: layer, of: partial.info.layers)
                snapshot.elapsed = Date().timeIntervalSince(started)
                emit(.layer(layer, snapshot))
            }
            snapshot.primary = run
            refreshStreamed(&snapshot)
            try finish(&snapshot)
            guard !isCancelled() else { return }
            try patch(&snapshot, runner: runner, started: started)
            guard !isCancelled() else { return }
            snapshot.stage = .finished
            snapshot.elapsed = Date().timeIntervalSince(started)
            emit(.finished(snapshot))
        } catch TransformerError.cancelled {
            return
        } catch {
            if !isCancelled() { emit(.failed(error)) }
        }
    }

    private func runner(for location: ModelLocation) throws -> ModelRunner {
        ModelRunner(loaded: try cache.model(at: location), topK: request.options.topK)
    }

    /// Loads the model, tokenizes, and checks every option before any block runs.
    private func prepare() throws -> SessionSnapshot {
        let options = request.options
        guard options.topK >= 1 else { throw AnalysisError.invalidTopK(k: options.topK) }
        let runner = try runner(for: request.model)
        let ids = try runner.tokenize(prompt: request.prompt, ids: request.promptIDs)
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
                throw AnalysisError.selectionTokensOutOfRange(from: s.tokenFrom, to: s.tokenTo, tokenCount: ids.count)
            }
        }
        _ = try DepthViews(runner: runner, request: request, isCancelled: isCancelled).corruptedIDs(clean: ids.count)
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

    /// What can be recomputed cheaply after every layer: heatmap and contrast.
    private func refreshStreamed(_ snapshot: inout SessionSnapshot) {
        let run = snapshot.primary
        if let stack = run.attentionStack() {
            snapshot.heatmap = (try? AttentionAggregator.heatmap(
                stack, query: run.queryPosition, aggregation: request.options.attention)) ?? []
        }
        if let c = snapshot.contrast {
            let rows = (try? Contrast.perLayer(lens: run.queryLens, tokenA: c.a.id, tokenB: c.b.id)) ?? []
            snapshot.contrast = ContrastResult(a: c.a, b: c.b, rows: rows)
        }
    }

    /// Activation patching, when a corrupted prompt was given: one `.patching` update per layer.
    private func patch(_ snapshot: inout SessionSnapshot, runner: ModelRunner, started: Date) throws {
        let depth = DepthViews(runner: runner, request: request, isCancelled: isCancelled)
        guard let ids = try depth.corruptedIDs(clean: snapshot.primary.tokens.count) else { return }
        var current = snapshot
        // Every other view is done: plugins see a finished analysis while the patching grid fills in.
        current.stage = .finished
        snapshot.patching = try depth.patching(snapshot.primary, corrupted: ids, contrast: snapshot.contrast) { partial in
            current.patching = partial
            current.elapsed = Date().timeIntervalSince(started)
            emit(.patching(current))
        }
    }

    /// Metrics, lens after attention, attribution, clustering and the comparison, once every layer is done.
    private func finish(_ snapshot: inout SessionSnapshot) throws {
        if request.options.depthViews {
            let depth = DepthViews(
                runner: try runner(for: request.model), request: request, isCancelled: isCancelled)
            snapshot.primary.midLens = try depth.midLens(snapshot.primary, allPositions: request.options.midGrid)
            do {
                snapshot.attribution = try depth.attribution(snapshot.primary, contrast: snapshot.contrast)
            } catch {
                snapshot.attributionError = "\(error)"
            }
        }
        let run = snapshot.primary
        snapshot.metrics = try LayerMetricsCalculator.metrics(lens: run.queryLens)
        if request.options.clusterHeads, let stack = run.attentionStack() {
            var options = HeadClusteringOptions()
            options.clusterCount = request.options.clusters
            options.featureKind = request.options.features
            do {
                let result = try HeadClustering.run(stack, query: run.queryPosition, options: options)
                snapshot.clustering = result
                snapshot.trustworthiness = try? Trustworthiness.score(
                    features: result.features, embedding: result.embedding, k: 5)
            } catch {
                snapshot.clusteringError = "\(error)"
            }
        }
        if let other = request.compareModel, !isCancelled() {
            do {
                snapshot.comparison = try ComparisonPipeline(
                    request: request, primary: run, runner: try runner(for: other), isCancelled: isCancelled
                ).run()
            } catch TransformerError.cancelled {
                throw TransformerError.cancelled(afterLayer: 0)
            } catch {
                snapshot.comparisonError = "comparison model: \(error)"
            }
        }
    }
}
