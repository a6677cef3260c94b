import Dispatch
import Foundation

/// Runs analyses off the UI thread, one at a time, and streams their updates to subscribers.
///
/// The session keeps the last forward pass of each model (`CapturedRun`): a request for the same model
/// and prompt (a control, a token chip, a drag, contrast tokens) only recomputes views from it and is
/// answered by `.viewUpdated`; the model runs again only when the model or the prompt changes.
/// A new `start` cancels the run in flight. Every update is tagged with its run's generation and
/// dropped at delivery when a newer run has started, so nothing stale reaches a subscriber.
public final class AnalysisSession: @unchecked Sendable {
    /// A handle that `unsubscribe` takes back.
    public struct Subscription: Hashable, Sendable { let id: Int }

    private struct Subscriber {
        let scheduler: any UpdateScheduler
        let handler: @Sendable (SessionUpdate) -> Void
    }

    private let queue = DispatchQueue(label: "tokengen.analysis-session", qos: .userInitiated)
    private let lock = NSLock()
    private var generation = 0
    private var nextSubscription = 0
    private var subscribers: [Int: Subscriber] = [:]
    /// Loaded models, shared by every run of this session.
    public let cache: ModelCache
    /// Kept runs and cached views; used only on `queue`.
    private let store = RunStore()

    public init(cache: ModelCache = ModelCache()) {
        self.cache = cache
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

    /// Starts analysing `request`, cancelling any run in flight.
    public func start(_ request: AnalysisRequest) {
        let mine = lock.withLock { () -> Int in
            generation += 1
            return generation
        }
        queue.async { [self] in
            let pipeline = AnalysisPipeline(
                request: request, cache: cache, store: store,
                isCancelled: { [self] in lock.withLock { generation != mine } },
                emit: { [self] update in deliver(update, generation: mine) })
            pipeline.run()
        }
    }

    /// Stops the run in flight; subscribers hear `.cancelled`.
    public func cancel() {
        let mine = lock.withLock { () -> Int in
            generation += 1
            return generation
        }
        deliver(.cancelled, generation: mine)
    }

    /// Blocks until every queued run has finished (for the CLI and tests).
    public func waitUntilIdle() { queue.sync {} }

    private func deliver(_ update: SessionUpdate, generation runGeneration: Int) {
        let targets = lock.withLock { Array(subscribers.values) }
        for target in targets {
            target.scheduler.schedule { [self] in
                // Checked at delivery, not at posting: a newer run may have started in between.
                guard lock.withLock({ generation == runGeneration }) else { return }
                target.handler(update)
            }
        }
    }
}
