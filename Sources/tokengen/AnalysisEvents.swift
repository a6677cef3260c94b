import Analysis
import Foundation
import Shell

/// The analysis's readiness events, from one observer of the session's updates (issue 13) instead of calls
/// at each place the app applies an update: `run-estimate`, `first-layer`, `analysis-finished`,
/// `view-updated`, `patching-error`, the contrast warnings and, with `TOKENGEN_TRACE`, `trace` timings.
///
/// The app tells it only when it asks for a request (`requestStarted`) and when a pane drew (`paneDrawn`):
/// the drawn events are written at the first draw after the update, so scripts see what is on screen.
/// It subscribes before the app's own handler, and the session delivers in subscription order, so an
/// update is observed before the app draws it.
@MainActor final class AnalysisEvents {
    private let trace: any ReadinessTrace
    private let environment: ShellEnvironment
    /// Writes where the window's parts are (after each drawn event, with `TOKENGEN_TEST_GEOMETRY`).
    private let reportGeometry: () -> Void
    /// Called when a model run's first layer has been drawn.
    var onFirstLayerDrawn: (() -> Void)?
    /// When the current request was asked for (Enter, a click, a control).
    private(set) var requestStart = Date()
    /// What the current request changed when only its views are recomputed (`view-updated NAME MS`).
    private var changedView: String?
    /// What the next pane draw completes.
    private var awaitingFirstLayer = false
    private var awaitingFinished = false
    private var awaitingView: String?

    init(
        session: AnalysisSession, trace: any ReadinessTrace, environment: ShellEnvironment,
        reportGeometry: @escaping () -> Void
    ) {
        self.trace = trace
        self.environment = environment
        self.reportGeometry = reportGeometry
        session.subscribeOnMain { [weak self] update in self?.observe(update) }
    }

    /// A request was made; `view` names what changed when only views change (a control, `chip`, `drag`).
    func requestStarted(view: String?) {
        requestStart = Date()
        changedView = view
        awaitingFirstLayer = false
        awaitingFinished = false
        awaitingView = nil
    }

    /// Milliseconds since the current request was asked for.
    var elapsedMilliseconds: Double { Date().timeIntervalSince(requestStart) * 1000 }

    private func observe(_ update: SessionUpdate) {
        if environment.trace { traceArrival(update) }
        switch update {
        case .tokenized(let s):
            reportContrastSplits(s)
        case .layer(let layer, _):
            if layer == 0 { awaitingFirstLayer = true }
        case .patching:
            break
        case .finished(let s):
            awaitingFinished = true
            reportPatchingError(s)
        case .viewUpdated(let s):
            // Only `view-updated NAME MS`: `first-layer` and `analysis-finished` mark model runs (issue 12).
            awaitingView = changedView ?? "view"
            if changedView == "contrast" { reportContrastSplits(s) }
            reportPatchingError(s)
        case .failed, .cancelled:
            break  // the window reports the error it shows (`error …`) and the status
        case .confirmationNeeded(let estimate, let s):
            trace.mark(
                .runEstimate(
                    tokens: s.primary.tokens.count, seconds: estimate.seconds, megabytes: Int(estimate.bytes / 1e6)))
        }
    }

    /// A pane drew: complete the events it was waiting for.
    func paneDrawn() {
        if environment.trace { trace.mark(.trace("drawn", ms: elapsedMilliseconds, worker: nil)) }
        guard awaitingFirstLayer || awaitingFinished || awaitingView != nil else { return }
        let ms = Int(elapsedMilliseconds)
        if let name = awaitingView {
            awaitingView = nil
            trace.mark(.viewUpdated(name, ms: ms))
            if environment.testGeometry { reportGeometry() }
        }
        if awaitingFirstLayer {
            awaitingFirstLayer = false
            trace.mark(.firstLayer(ms: ms))
            onFirstLayerDrawn?()
            // Where things are while the progress bar shows (tests check nothing moves).
            if environment.testGeometry { reportGeometry() }
        }
        if awaitingFinished {
            awaitingFinished = false
            trace.mark(.analysisFinished(ms: ms))
            if environment.testGeometry { reportGeometry() }
        }
    }

    /// `trace EVENT MS [worker MS]`: when the update reached the main thread, and the session queue's own
    /// time when it sent it (for measuring where the time goes).
    private func traceArrival(_ update: SessionUpdate) {
        let name: String
        var worker: Double?
        switch update {
        case .tokenized: name = "tokenized"
        case .layer(let layer, let s): (name, worker) = ("layer-\(layer)", s.elapsed * 1000)
        case .patching: name = "patching"
        case .finished(let s): (name, worker) = ("finished", s.elapsed * 1000)
        case .viewUpdated(let s): (name, worker) = ("view", s.elapsed * 1000)
        case .failed: name = "failed"
        case .cancelled: name = "cancelled"
        case .confirmationNeeded: name = "confirm"
        }
        trace.mark(.trace(name, ms: elapsedMilliseconds, worker: worker))
    }

    /// A corrupted prompt that could not be patched: the Patching pane says why.
    private func reportPatchingError(_ s: SessionSnapshot) {
        guard let error = s.patchingError else { return }
        trace.mark(.patchingError("\(error)"))
    }

    /// Contrast words that are not one token are compared by their first piece.
    private func reportContrastSplits(_ s: SessionSnapshot) {
        guard let contrast = s.contrast else { return }
        for token in [contrast.a, contrast.b] where token.split {
            trace.mark(.contrastSplit(text: token.text, pieces: token.tokenCount))
        }
    }
}
