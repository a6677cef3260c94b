import ChildProcesses
import Foundation

/// A private X server for GUI tests: `Xvfb :N` on a free display number, torn down by `stop()`.
///
/// `start()` leaves the process environment alone: Swift Testing runs suites in parallel in one
/// process, so a `DISPLAY` set by one test would be read by another (GTK connecting to a server that a
/// finished test then stops makes GDK exit the whole test process). Out-of-process apps get the display
/// in their own environment; the one in-process GTK user takes `forThisProcess()`.
///
/// Xvfb runs under a small shell watchdog that also kills it when the test process dies, so a
/// crashed test run leaves no server behind; it is started by `ChildProcess` (no inherited pipes, an
/// empty signal mask).
final class XvfbSession {
    /// The value for `DISPLAY`, e.g. `:93`.
    let display: String
    private var watchdog: pid_t?

    static let executable = "/usr/bin/Xvfb"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    private init(display: String, watchdog: pid_t) {
        self.display = display
        self.watchdog = watchdog
    }

    /// The server for in-process GTK: started once, `DISPLAY` set to it, and never stopped (GTK stays
    /// connected until the process exits; the watchdog stops Xvfb then).
    @MainActor static func forThisProcess() throws -> XvfbSession {
        if let session = processSession { return session }
        let session = try start()
        setenv("DISPLAY", session.display, 1)
        setenv("GDK_BACKEND", "x11", 1)
        unsetenv("WAYLAND_DISPLAY")
        processSession = session
        return session
    }

    @MainActor private static var processSession: XvfbSession?

    /// Starts Xvfb on the first free display from a random start and waits for its socket.
    static func start(screen: String = "1280x800x24", timeout: TimeInterval = 10) throws -> XvfbSession {
        let first = Int.random(in: 90..<400)
        for number in first..<(first + 20) {
            let socket = "/tmp/.X11-unix/X\(number)"
            let fm = FileManager.default
            if fm.fileExists(atPath: socket) || fm.fileExists(atPath: "/tmp/.X\(number)-lock") { continue }
            let parent = getpid()
            let script = """
                \(executable) :\(number) -screen 0 \(screen) -nolisten tcp >/dev/null 2>&1 & x=$!
                trap 'kill $x 2>/dev/null; wait $x; exit 0' TERM
                while kill -0 \(parent) 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 0.3; done
                kill $x 2>/dev/null; wait $x
                """
            let pid = try spawnShell(script)
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline, isRunning(pid), !fm.fileExists(atPath: socket) {
                usleep(20_000)
            }
            guard fm.fileExists(atPath: socket), isRunning(pid) else {
                terminate(pid)
                continue  // lost a race for this number, or Xvfb failed: try the next
            }
            return XvfbSession(display: ":\(number)", watchdog: pid)
        }
        throw StartFailure(description: "could not start Xvfb on any of 20 display numbers")
    }

    /// Stops the server and waits for the watchdog to exit.
    func stop() {
        guard let pid = watchdog else { return }
        watchdog = nil
        Self.terminate(pid)
    }

    /// Runs `/bin/sh -c script` (the script is the watchdog itself).
    private static func spawnShell(_ script: String) throws -> pid_t {
        try ChildProcess.spawn(["/bin/sh", "-c", script], dieWithParent: false)
    }

    private static func isRunning(_ pid: pid_t) -> Bool { ChildProcess.isRunning(pid) }

    /// SIGTERM (the watchdog then stops Xvfb), SIGKILL after 3 s, and reap.
    private static func terminate(_ pid: pid_t) { ChildProcess.terminate(pid) }

    deinit { stop() }
}
