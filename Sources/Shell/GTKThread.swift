/// The one place that states what GTK guarantees: it calls its C callbacks (signal handlers, draw
/// functions, idle and tick sources) on the thread running its main loop, the main thread.
///
/// C function pointers carry no actor, so the trampolines that turn them back into Swift closures
/// enter the main actor here; everything past them is `@MainActor` and checked by the compiler.
enum GTKThread {
    /// Runs `body` on the main actor; traps if called off the main thread (a GTK misuse).
    static func enter<T: Sendable>(_ body: @MainActor () throws -> T) rethrows -> T {
        try MainActor.assumeIsolated(body)
    }
}
