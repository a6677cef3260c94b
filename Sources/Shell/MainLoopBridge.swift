import CGtk
import Dispatch

// libdispatch's private hooks for a foreign run loop (CoreFoundation's RunLoop uses the same pair).
// On Linux the handle is an eventfd that becomes readable when work is queued on the main queue.
@_silgen_name("_dispatch_get_main_queue_handle_4CF")
private func dispatchMainQueueHandle() -> Int32

@_silgen_name("_dispatch_main_queue_callback_4CF")
private func dispatchMainQueueDrain(_ message: UnsafeMutableRawPointer?)

/// Makes `DispatchQueue.main.async` and `Task { @MainActor in … }` run inside GLib's main loop.
///
/// Under `g_application_run` nothing drains libdispatch's main queue, so main-queue work and main-actor
/// tasks would never run. The bridge watches the main queue's eventfd with `g_unix_fd_add`; when it
/// becomes readable, it reads the 8-byte counter (otherwise the fd stays readable and the loop spins)
/// and lets libdispatch drain the queue. Install it once, on the main thread, before the loop runs.
public enum MainLoopBridge {
    /// Installs the bridge on the default GLib main context; later calls do nothing.
    /// - Returns: whether the bridge is installed.
    @MainActor @discardableResult
    public static func install() -> Bool {
        if installed { return true }
        let fd = dispatchMainQueueHandle()
        guard fd >= 0 else { return false }
        let callback: GUnixFDSourceFunc = drainMainQueue
        g_unix_fd_add(fd, G_IO_IN, callback, nil)
        installed = true
        return true
    }

    @MainActor private static var installed = false
}

private func drainMainQueue(_ fd: Int32, _ condition: GIOCondition, _ data: gpointer?) -> gboolean {
    var counter: UInt64 = 0
    _ = withUnsafeMutableBytes(of: &counter) { read(fd, $0.baseAddress, 8) }
    dispatchMainQueueDrain(nil)
    return 1  // G_SOURCE_CONTINUE
}
