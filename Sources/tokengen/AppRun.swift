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
        events.requestStarted(view: view)
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
        // The lens grids (every layer and position) cost a lens product per position and layer: read
        // them (once per run) only while the Lens grid pane is the one shown.
        options.grid = lensGridShown
        options.midGrid = lensGridShown
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

    /// Applies an update to the window (its readiness events come from `events`, which observes the
    /// session itself).
    func handle(_ update: SessionUpdate) {
        switch update {
        case .tokenized(let s):
            if let pending = pendingModel {
                model = pending
                pendingModel = nil
            }
            window.rememberModel(model.path)
            window.setTokens(s.primary.tokens, queryIndex: s.primary.queryPosition)
            window.setHeadCount(s.primary.info.heads)
            show(s)
        case .layer(let layer, let s):
            show(s)
            let total = s.primary.info.layers
            window.setStatus("Layer \(layer)/\(total)")
            window.setProgress(Double(layer + 1) / Double(total + 1))
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
            if let reason = s.comparisonError {
                dropComparison(reason.description)
            } else if s.comparison != nil {
                window.rememberCompareModel(compareModel?.path)
            }
        case .viewUpdated(let s):
            show(s)
            window.setProgress(nil)
            window.setStatus(finishedStatus(s))
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
        let asked = prompt
        window.dialogs.confirmLongRun(estimate) { [weak self] run in
            guard let self, self.prompt == asked else { return }
            if run {
                self.confirmedLongRun = (asked, target.path)
                self.startRun()
            } else {
                self.window.setStatus("Not run: \(tokens) tokens would take \(estimate.summary)")
                self.window.report(.runDeclined(tokens: tokens))
            }
        }
    }

    private func show(_ s: SessionSnapshot) {
        snapshot = s
        for slot in slots { slot.pane?.update(s) }
        window.queueRedraw()
    }

    private func finishedStatus(_ s: SessionSnapshot) -> String {
        let seconds = String(format: "%.2f", events.elapsedMilliseconds / 1000)
        var text = "\(s.primary.displayName): \(s.primary.tokens.count) tokens, done in \(seconds) s"
        if let other = s.comparison?.run.displayName { text += " · compared with \(other)" }
        if let reason = s.clusteringError { text += " · clustering skipped: \(reason)" }
        for token in [s.contrast?.a, s.contrast?.b].compactMap({ $0 }) where token.split {
            text += " · contrast “\(token.text)” is \(token.tokenCount) tokens: its first is compared"
        }
        return text
    }
}
