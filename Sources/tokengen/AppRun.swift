import Analysis
import Foundation
import Shell

/// Starting analysis runs and applying their updates.
extension AppController {
    /// Runs the current prompt, model, comparison, query position and controls (cancelling any run).
    ///
    /// - Parameter view: what changed when only views change (a control, `chip`, `drag`): named in the
    ///   `view-updated NAME MS` readiness event once the recomputed views are drawn.
    func startRun(view: String? = nil) {
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            window.setStatus("Type a prompt to analyze")
            return
        }
        let target = pendingModel ?? model
        runStart = Date()
        awaitingFirstLayer = false
        awaitingFinished = false
        awaitingView = nil
        changedView = view
        let loading = [target.location] + (compareModel.map { [$0.location] } ?? [])
        if let missing = loading.first(where: { !session.cache.contains($0) }) {
            window.setStatus("Loading model \(ChosenModel.displayName(missing.url.path))…")
        } else {
            window.setStatus("Analyzing…")
        }
        window.setProgress(0)
        session.start(makeRequest(model: target))
    }

    func makeRequest(model target: ChosenModel) -> AnalysisRequest {
        var options = AnalysisOptions()
        options.topK = controls.topK
        options.clusters = controls.clusters
        options.features = controls.features == .row ? .queryRow : .fullPattern
        switch controls.aggregation {
        case .mean: options.attention = .meanOverHeads
        case .max: options.attention = .maxOverHeads
        case .head: options.attention = .head(controls.head)
        case .rollout: options.attention = .rollout
        }
        let a = controls.contrastA.trimmingCharacters(in: .whitespaces)
        let b = controls.contrastB.trimmingCharacters(in: .whitespaces)
        if !a.isEmpty, !b.isEmpty { options.contrast = ContrastPair(a, b) }
        if let corrupted = controls.corruptedPrompt, !corrupted.trimmingCharacters(in: .whitespaces).isEmpty {
            options.patchPrompt = corrupted
            // A corrupted prompt of another length shows in the Patching pane; the other views stay.
            options.patchFailureInSnapshot = true
        }
        if compareModel != nil { options.selection = comparisonSelection() }
        // The lens grid (every layer and position) costs a lens product per position: read it only
        // when a Lens grid pane shows it.
        let gridShown = slots.contains { $0.pane?.plugin.info.id == "lens-grid" }
        options.grid = gridShown
        options.midGrid = gridShown
        // A long prompt stops before the forward pass to show its estimate first, once per prompt and model.
        if confirmedLongRun?.prompt != prompt || confirmedLongRun?.model != target.path {
            options.confirmAbove = RunEstimate.confirmationThreshold
        }
        return AnalysisRequest(
            prompt: prompt, model: target.location, compareModel: compareModel?.location,
            queryPosition: queryPosition, options: options)
    }

    /// The shared selection as the comparison's region, when it has a depth or token range.
    func comparisonSelection() -> ComparisonSelection? {
        guard let count = snapshot?.primary.tokens.count else { return nil }
        return host.selection?.comparisonSelection(tokenCount: count)
    }

    func handle(_ update: SessionUpdate) {
        trace(update)
        switch update {
        case .tokenized(let s):
            if let pending = pendingModel {
                model = pending
                pendingModel = nil
            }
            window.rememberModel(model.path)
            window.setTokens(s.primary.tokens.map(\.text), queryIndex: s.primary.queryPosition)
            window.setHeadCount(s.primary.info.heads)
            show(s)
            reportContrastSplits(s)
        case .layer(let layer, let s):
            show(s)
            let total = s.primary.info.layers
            window.setStatus("Layer \(layer)/\(total)")
            window.setProgress(Double(layer + 1) / Double(total + 1))
            if layer == 0 { awaitingFirstLayer = true }
        case .patching(let s):
            show(s)
            let done = s.patching?.layersDone ?? 0
            let total = s.primary.info.layers + 1
            window.setStatus("Patching: layer \(done)/\(total)")
            window.setProgress(Double(done) / Double(total))
        case .finished(let s):
            show(s)
            window.fillTokenChips()
            window.setProgress(nil)
            window.setStatus(finishedStatus(s))
            awaitingFinished = true
            reportPatchingError(s)
            if let reason = s.comparisonError {
                dropComparison(reason.description)
            } else if s.comparison != nil {
                window.rememberCompareModel(compareModel?.path)
            }
        case .viewUpdated(let s):
            show(s)
            window.setProgress(nil)
            window.setStatus(finishedStatus(s))
            // Only `view-updated NAME MS` (with the geometry after it): `first-layer` and
            // `analysis-finished` mark model runs, once each (issue 12).
            awaitingView = changedView ?? "view"
            if changedView == "contrast" { reportContrastSplits(s) }
            reportPatchingError(s)
            if let reason = s.comparisonError { dropComparison(reason.description) }
        case .failed(let error):
            window.fillTokenChips()
            window.setProgress(nil)
            if pendingModel != nil {
                revertPendingModel(error)
            } else {
                window.showError("\(error)")
            }
        case .cancelled:
            window.fillTokenChips()
            window.setProgress(nil)
            window.setStatus("Cancelled")
        case .confirmationNeeded(let estimate, let s):
            askToRun(estimate, tokens: s.primary.tokens.count, model: pendingModel ?? model)
        }
    }

    /// A long prompt waits for the user: Run starts it (once confirmed, controls and chips do not ask
    /// again), Cancel leaves the window as it was.
    private func askToRun(_ estimate: RunEstimate, tokens: Int, model target: ChosenModel) {
        window.setProgress(nil)
        window.setStatus("Waiting for confirmation: \(tokens) tokens would take \(estimate.summary)")
        window.markReady(
            "run-estimate \(tokens) tokens \(String(format: "%.1f", estimate.seconds)) s "
                + "\(Int(estimate.bytes / 1e6)) MB")
        let asked = prompt
        window.dialogs.confirmLongRun(estimate) { [weak self] run in
            guard let self, self.prompt == asked else { return }
            if run {
                self.confirmedLongRun = (asked, target.path)
                self.startRun()
            } else {
                self.window.setStatus("Not run: \(tokens) tokens would take \(estimate.summary)")
                self.window.markReady("run-declined \(tokens) tokens")
            }
        }
    }

    /// A corrupted prompt that could not be patched: the Patching pane says why; scripts see
    /// `patching-error MESSAGE`.
    private func reportPatchingError(_ s: SessionSnapshot) {
        guard let error = s.patchingError else { return }
        window.markReady("patching-error \(error)")
    }

    private func show(_ s: SessionSnapshot) {
        snapshot = s
        for slot in slots { slot.pane?.update(s) }
        window.queueRedraw()
    }

    private func finishedStatus(_ s: SessionSnapshot) -> String {
        let seconds = String(format: "%.2f", Date().timeIntervalSince(runStart))
        var text = "\(s.primary.displayName): \(s.primary.tokens.count) tokens, done in \(seconds) s"
        if let other = s.comparison?.run.displayName { text += " · compared with \(other)" }
        if let reason = s.clusteringError { text += " · clustering skipped: \(reason)" }
        for token in [s.contrast?.a, s.contrast?.b].compactMap({ $0 }) where token.split {
            text += " · contrast “\(token.text)” is \(token.tokenCount) tokens: its first is compared"
        }
        return text
    }

    /// Contrast words that are not one token are compared by their first piece: say so.
    private func reportContrastSplits(_ s: SessionSnapshot) {
        guard let contrast = s.contrast else { return }
        for token in [contrast.a, contrast.b] where token.split {
            window.markReady(
                "warning contrast “\(token.text)” is not a single token (\(token.tokenCount) pieces): "
                    + "its first piece is compared")
        }
    }

    /// With `TOKENGEN_TRACE`, writes `trace EVENT MS` readiness lines: when each update arrived on the
    /// main thread, ms after the run was asked for (for measuring where the time goes).
    private func trace(_ update: SessionUpdate) {
        guard environment.trace else { return }
        let ms = String(format: "%.1f", Date().timeIntervalSince(runStart) * 1000)
        let name: String
        switch update {
        case .tokenized: name = "tokenized"
        case .layer(let layer, _): name = "layer-\(layer)"
        case .patching: name = "patching"
        case .finished: name = "finished"
        case .viewUpdated: name = "view"
        case .failed: name = "failed"
        case .cancelled: name = "cancelled"
        case .confirmationNeeded: name = "confirm"
        }
        // The time the session's queue had spent on the request when it sent the update.
        var worker = ""
        switch update {
        case .layer(_, let s), .finished(let s), .viewUpdated(let s):
            worker = String(format: " worker %.1f", s.elapsed * 1000)
        default: break
        }
        window.markReady("trace \(name) \(ms)\(worker)")
    }

    /// A pane drew: complete the readiness events it was waiting for.
    func paneDrawn() {
        if environment.trace {
            window.markReady(
                "trace drawn \(String(format: "%.1f", Date().timeIntervalSince(runStart) * 1000))")
        }
        guard awaitingFirstLayer || awaitingFinished || awaitingView != nil else { return }
        let ms = Int(Date().timeIntervalSince(runStart) * 1000)
        if let name = awaitingView {
            awaitingView = nil
            window.markReady("view-updated \(name) \(ms) ms")
            if environment.testGeometry { window.reportGeometry() }
        }
        if awaitingFirstLayer {
            awaitingFirstLayer = false
            window.markReady("first-layer \(ms) ms")
            // A long prompt's other chips are built now, in idle batches, not before the first layer.
            window.fillTokenChips()
            // Where things are while the progress bar shows (tests check nothing moves).
            if environment.testGeometry { window.reportGeometry() }
        }
        if awaitingFinished {
            awaitingFinished = false
            window.markReady("analysis-finished \(ms) ms")
            if environment.testGeometry { window.reportGeometry() }
        }
    }
}
