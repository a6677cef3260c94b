import CGtk

/// Runs work on the GLib main loop's thread, soon after the call, from any thread.
///
/// Its `schedule(_:)` has the signature of Analysis's `UpdateScheduler`, so the app can declare the
/// conformance (`extension GLibScheduler: UpdateScheduler {}`) and hand it to an analysis session:
/// updates computed on a background queue are then applied on the GTK thread.
public struct GLibScheduler: Sendable {
    public init() {}

    /// Queues `work` with `g_idle_add_full` (thread-safe in GLib); it runs once, in order of scheduling.
    public func schedule(_ work: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(ClosureBox<@Sendable () -> Void>(work)).toOpaque()
        let run: GSourceFunc = runScheduledWork
        let release: GDestroyNotify = releaseBox
        g_idle_add_full(G_PRIORITY_DEFAULT_IDLE - 10, run, box, release)
    }

    /// Queues main-actor `work` (from any thread); the GLib loop runs it on the main thread.
    public func scheduleOnMain(_ work: @escaping @MainActor @Sendable () -> Void) {
        schedule { GTKThread.enter { work() } }
    }
}

private func runScheduledWork(_ data: gpointer?) -> gboolean {
    ClosureBox<@Sendable () -> Void>.take(UInt(bitPattern: data))?()
    return 0  // G_SOURCE_REMOVE
}
