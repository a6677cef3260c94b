import Foundation

/// A private X server for GUI tests: `Xvfb :N` on a free display number, torn down by `stop()`.
///
/// Xvfb runs under a small shell watchdog that also kills it when the test process dies, so a
/// crashed test run leaves no server behind. It is spawned with `posix_spawn` and an empty signal
/// mask: Swift Testing runs tests on libdispatch worker threads, which block almost every signal,
/// and `Foundation.Process` passes that mask on — the server would then ignore SIGTERM.
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

    /// Starts Xvfb on the first free display from a random start, waits for its socket, sets `DISPLAY`.
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
            setenv("DISPLAY", ":\(number)", 1)
            setenv("GDK_BACKEND", "x11", 1)
            unsetenv("WAYLAND_DISPLAY")
            return XvfbSession(display: ":\(number)", watchdog: pid)
        }
        throw StartFailure(description: "could not start Xvfb on any of 20 display numbers")
    }

    /// Stops the server and waits for the watchdog to exit.
    func stop() {
        guard let pid = watchdog else { return }
        watchdog = nil
        Self.terminate(pid)
        unsetenv("DISPLAY")
    }

    /// Runs `/bin/sh -c script` with default signal dispositions and nothing blocked.
    private static func spawnShell(_ script: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let words: [String] = ["/bin/sh", "-c", script]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        let status = posix_spawn(&pid, "/bin/sh", nil, &attributes, arguments, environ)
        guard status == 0 else { throw StartFailure(description: "posix_spawn /bin/sh failed: \(status)") }
        return pid
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// SIGTERM (the watchdog then stops Xvfb), SIGKILL after 3 s, and reap.
    private static func terminate(_ pid: pid_t) {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(3)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return
            }
            usleep(20_000)
        }
    }

    deinit { stop() }
}
