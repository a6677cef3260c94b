/// Decides on which thread a session's subscribers hear about its updates.
///
/// The GTK shell posts into GLib's main loop; the CLI and tests use `ImmediateScheduler`
/// or a manually drained queue (like swift-nio's `EmbeddedEventLoop`).
public protocol UpdateScheduler: Sendable {
    /// Runs `work` on the scheduler's thread, some time after the call.
    func schedule(_ work: @escaping @Sendable () -> Void)
}

/// Runs work at once, on the calling thread.
public struct ImmediateScheduler: UpdateScheduler {
    public init() {}
    public func schedule(_ work: @escaping @Sendable () -> Void) { work() }
}
