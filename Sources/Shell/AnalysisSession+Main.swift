import Analysis

/// Analysis updates are applied on the GTK thread: the session posts them into GLib's main loop.
extension GLibScheduler: UpdateScheduler {}

extension AnalysisSession {
    /// Hears every later update on GTK's main loop, on the main actor: the window's way to subscribe
    /// (the session itself delivers through any scheduler, to non-isolated handlers).
    @discardableResult
    public func subscribeOnMain(_ handler: @escaping @MainActor (SessionUpdate) -> Void) -> Subscription {
        subscribe(on: GLibScheduler()) { update in GTKThread.enter { handler(update) } }
    }
}
