import Foundation

/// Starting the test's helper processes (the `tokengen` window, Xvfb's watchdog) so that they cannot
/// outlive the test process or hold on to its pipes.
///
/// - `posix_spawn` with an empty signal mask and default dispositions: Swift Testing runs tests on
///   libdispatch worker threads, which block almost every signal, and `Foundation.Process` passes that
///   mask on — the child would then ignore SIGTERM.
/// - stdin is `/dev/null`, stdout and stderr go to a file (or `/dev/null`), and every other inherited
///   descriptor is closed: an orphaned child holding the runner's output pipe makes `swift test` hang.
/// - With `dieWithParent`, the program runs under `sh`, which starts a small watchdog and then `exec`s
///   the program in its own place (so the returned pid is the program's): the watchdog kills the program
///   when the test process is gone. `PR_SET_PDEATHSIG` would not do, since it follows the spawning
///   *thread*, and libdispatch retires idle worker threads.
public enum ChildProcess {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Spawns `words` (an absolute path first) and returns its pid.
    /// - Parameters:
    ///   - output: where stdout goes, and stderr too unless `errorOutput` names another file.
    ///   - dieWithParent: run under the watchdog that kills the program when the test process dies.
    public static func spawn(
        _ words: [String], environment: [String: String]? = nil, output: String = "/dev/null",
        errorOutput: String? = nil, dieWithParent: Bool = true
    ) throws -> pid_t {
        guard let program = words.first else { throw Failure(description: "nothing to run") }
        let watchdog = """
            ( while kill -0 "$0" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 0.5; done
              kill -KILL $$ 2>/dev/null ) &
            exec "$@"
            """
        let argv = dieWithParent ? ["/bin/sh", "-c", watchdog, "\(getpid())"] + words : words
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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let errorOutput {
            posix_spawn_file_actions_addopen(&actions, 2, errorOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        guard closeFrom(&actions, 3) == 0 else {
            throw Failure(description: "posix_spawn_file_actions_addclosefrom_np is unavailable (glibc < 2.34)")
        }
        let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let env: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer {
            arguments.forEach { free($0) }
            env.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, argv[0], &actions, &attributes, arguments, env)
        guard status == 0 else { throw Failure(description: "could not start \(program): error \(status)") }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not
    /// export: looked up once by name.
    private static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ fd: Int32)
        -> Int32
    {
        guard let addCloseFrom else { return ENOSYS }
        return addCloseFrom(actions, fd)
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32)
        -> Int32
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Whether `pid` (a child of this process) is still running; reaps it when it has exited.
    public static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// SIGTERM, SIGKILL after `grace` seconds, and reap.
    public static func terminate(_ pid: pid_t, grace: TimeInterval = 3) {
        guard isRunning(pid) else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
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
}
