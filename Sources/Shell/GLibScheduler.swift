import CGtk

/// Runs work on the GLib main loop's thread, soon after the call, from any thread.
///
/// It is an `UpdateScheduler` (AnalysisSession+Main.swift): an analysis session hands the updates its
/// background queue computes to the GTK thread through it (`subscribeOnMain`).
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
