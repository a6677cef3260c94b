import Dispatch
import Foundation
import ModelFiles

/// Runs analyses off the UI thread, one at a time, and streams their updates to subscribers.
///
/// The session keeps the last forward pass of each model (`CapturedRun`): a request for the same model
/// and prompt (a control, a token chip, a drag, contrast tokens) only recomputes views from it and is
/// answered by `.viewUpdated`; the model runs again only when the model or the prompt changes.
/// A new `start` for another model or prompt cancels the run in flight. A new `start` for the same model
/// and prompt (a control changed while the model runs) lets that forward pass finish and applies its own
/// view parameters to it: the pass is never restarted for a view. Streamed updates (`.tokenized`,
/// `.layer`) are tagged with their forward pass, every other update with its request, and each is dropped
/// at delivery when a newer pass or request has started, so nothing stale reaches a subscriber.
public final class AnalysisSession: @unchecked Sendable {
    /// A handle that `unsubscribe` takes back.
    public struct Subscription: Hashable, Sendable { let id: Int }

    private struct Subscriber {
        let scheduler: any UpdateScheduler
        let handler: @Sendable (SessionUpdate) -> Void
    }

    private let queue = DispatchQueue(label: "tokengen.analysis-session", qos: .userInitiated)
    private let lock = NSLock()
    /// Bumped by every request.
    private var generation = 0
    /// Bumped by every request for another model or prompt (and by `cancel`): the forward pass's own.
    private var forwardGeneration = 0
    /// What the latest forward pass depends on.
    private var forwardIdentity: ForwardIdentity?
    private var nextSubscription = 0
    private var subscribers: [Int: Subscriber] = [:]
    /// Background read steps queued and not yet run.
    private var backgroundQueued = 0
    /// Loaded models, shared by every run of this session.
    public let cache: ModelCache
    /// Kept runs and cached views; used only on `queue`.
    private let store = RunStore()

    /// How many positions next to the query get their lens read in the background once a request's views
    /// are out (0: none, as for the CLI), so that a chip or Alt+Left/Right on them is answered at once.
    /// Above 0, a comparison selection is also answered at once from the positions read so far and
    /// completed in the background (`AnalysisPipeline.partialSelection`).
    public let backgroundPositions: Int

    public init(cache: ModelCache = ModelCache(), backgroundPositions: Int = 0) {
        self.cache = cache
        self.backgroundPositions = max(0, min(backgroundPositions, CapturedRun.logprobCacheSize - 1))
    }

    /// Hears every update of every later run, through `scheduler`.
    @discardableResult
    public func subscribe(
        on scheduler: any UpdateScheduler, _ handler: @escaping @Sendable (SessionUpdate) -> Void
    ) -> Subscription {
        lock.withLock {
            nextSubscription += 1
            subscribers[nextSubscription] = Subscriber(scheduler: scheduler, handler: handler)
            return Subscription(id: nextSubscription)
        }
    }

    public func unsubscribe(_ subscription: Subscription) {
        _ = lock.withLock { subscribers.removeValue(forKey: subscription.id) }
    }

    /// Starts analysing `request`: cancels the run in flight when the model or the prompt differs, else
    /// lets its forward pass finish and computes this request's views from it.
    public func start(_ request: AnalysisRequest) {
        let identity = ForwardIdentity(request)
        let (mine, pass) = lock.withLock { () -> (Int, Int) in
            generation += 1
            if identity != forwardIdentity {
                forwardGeneration += 1
                forwardIdentity = identity
            }
            return (generation, forwardGeneration)
        }
        queue.async { [self] in
            let pipeline = AnalysisPipeline(
                request: request, cache: cache, store: store,
                isCancelled: { [self] in lock.withLock { generation != mine } },
                isPassCancelled: { [self] in lock.withLock { forwardGeneration != pass } },
                emit: { [self] update in
                    if update.isStreamed {
                        deliver(update) { $0.forwardGeneration == pass }
                    } else {
                        deliver(update) { $0.generation == mine }
                    }
                },
                partialSelection: backgroundPositions > 0)
            guard let done = pipeline.run() else { return }
            // A comparison selection answered from what was read: read the rest, refreshing the views.
            var steps = done.comparison.map { comparison in
                pipeline.selectionCompletionSteps([done.run, comparison]) { _ = pipeline.run() }
            } ?? []
            let positions = Self.neighbours(of: done.query, in: done.run.tokenCount, count: backgroundPositions)
            for p in positions {
                steps += pipeline.readAheadSteps(done.run, position: p)
                // A chip moves the comparison model's query too (the same position when the vocabularies
                // match; near it when they differ).
                if let comparison = done.comparison, p < comparison.tokenCount {
                    steps.append { _ = try? comparison.logprobs(at: p) }
                }
            }
            // With a comparison model: what a drag's selection reads, after the chip neighbours.
            if backgroundPositions > 0, let comparison = done.comparison {
                steps += pipeline.selectionReadAheadSteps([done.run, comparison], query: done.query)
            }
            readInBackground(steps, generation: mine)
        }
    }

    /// Runs `steps` (what the views of the query's neighbours read: `readAheadSteps`) one per queue item,
    /// so a new request waits for at most one step; stops as soon as any newer request has started.
    private func readInBackground(_ steps: [@Sendable () -> Void], generation runGeneration: Int) {
        guard let next = steps.first else { return }
        lock.withLock { backgroundQueued += 1 }
        queue.async { [self] in
            defer { lock.withLock { backgroundQueued -= 1 } }
            guard lock.withLock({ generation == runGeneration }) else { return }
            next()
            readInBackground(Array(steps.dropFirst()), generation: runGeneration)
        }
    }

    /// Blocks until every queued run and every background read after it has finished (benchmarks, tests).
    public func waitUntilSettled() {
        repeat { waitUntilIdle() } while lock.withLock({ backgroundQueued > 0 })
    }

    /// Up to `count` positions nearest to `query`, nearest first (earlier before later at equal distance).
    static func neighbours(of query: Int, in tokens: Int, count: Int) -> [Int] {
        var out: [Int] = []
        var distance = 1
        while out.count < count && distance < tokens {
            for p in [query - distance, query + distance] where p >= 0 && p < tokens && out.count < count {
                out.append(p)
            }
            distance += 1
        }
        return out
    }

    /// Stops the run in flight; subscribers hear `.cancelled`.
    public func cancel() {
        let mine = lock.withLock { () -> Int in
            generation += 1
            forwardGeneration += 1
            forwardIdentity = nil
            return generation
        }
        deliver(.cancelled) { $0.generation == mine }
    }

    /// Blocks until every queued run has finished (for the CLI and tests).
    public func waitUntilIdle() { queue.sync {} }

    /// Posts `update` to every subscriber, in subscription order; `isCurrent` is checked at delivery, not
    /// at posting: a newer request or pass may have started in between.
    private func deliver(_ update: SessionUpdate, isCurrent: @escaping @Sendable (AnalysisSession) -> Bool) {
        let targets = lock.withLock { subscribers.sorted { $0.key < $1.key }.map(\.value) }
        for target in targets {
            target.scheduler.schedule { [self] in
                guard lock.withLock({ isCurrent(self) }) else { return }
                target.handler(update)
            }
        }
    }
}

/// What a forward pass depends on, as far as a request shows before tokenizing.
private struct ForwardIdentity: Equatable {
    let model: ModelLocation
    let prompt: String
    let promptIDs: [Int]?

    init(_ request: AnalysisRequest) {
        model = request.model
        prompt = request.prompt
        promptIDs = request.promptIDs
    }
}

extension SessionUpdate {
    /// Updates of the forward pass itself (its tokens and streamed layers), which a view request for the
    /// same model and prompt does not replace.
    var isStreamed: Bool {
        switch self {
        case .tokenized, .layer: true
        default: false
        }
    }
}
