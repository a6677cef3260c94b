import Foundation

/// Holds scheduled work until `drain()` runs it, on the caller's thread (like swift-nio's
/// `EmbeddedEventLoop`): tests decide exactly when subscribers hear their updates.
public final class ManualScheduler: UpdateScheduler, @unchecked Sendable {
    private let lock = NSLock()
    private var queued: [@Sendable () -> Void] = []

    public init() {}

    public func schedule(_ work: @escaping @Sendable () -> Void) {
        lock.withLock { queued.append(work) }
    }

    /// Number of pieces of work waiting.
    public var pending: Int { lock.withLock { queued.count } }

    /// Runs everything queued so far (and anything that work queues in turn).
    public func drain() {
        while true {
            let batch = lock.withLock { () -> [@Sendable () -> Void] in
                defer { queued.removeAll() }
                return queued
            }
            if batch.isEmpty { return }
            batch.forEach { $0() }
        }
    }
}
