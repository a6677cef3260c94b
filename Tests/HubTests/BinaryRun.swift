import Foundation

/// The built `tokengen` binary run as a user would: spawned with an empty signal mask (Swift Testing's
/// worker threads block signals, and `Foundation.Process` would pass that on, so Ctrl+C would never
/// arrive), output captured in files.
final class BinaryRun {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let pid: pid_t
    private let out: URL
    private let err: URL
    private(set) var status: Int32?

    static func binary() throws -> String {
        for config in ["release", "debug"] {
            let path = FakeHub.root.appendingPathComponent(".build/\(config)/tokengen").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw Failure(
            description: "tokengen is not built: run `make test` (it builds .build/release/tokengen first)")
    }

    init(_ arguments: [String], environment: [String: String], scratch: URL) throws {
        let id = UUID().uuidString
        out = scratch.appendingPathComponent("out-\(id).txt")
        err = scratch.appendingPathComponent("err-\(id).txt")
        var env = ProcessInfo.processInfo.environment
        for key in ["HF_TOKEN", "HF_HUB_OFFLINE", "HF_HOME", "HF_TOKEN_PATH"] { env.removeValue(forKey: key) }
        env.merge(environment) { $1 }
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
        posix_spawn_file_actions_addopen(&actions, 1, out.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let words = [try Self.binary()] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, words[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failure(description: "could not start tokengen: error \(result)") }
        self.pid = pid
    }

    /// Runs to the end (2 minutes at most).
    static func run(_ arguments: [String], environment: [String: String], scratch: URL) throws -> BinaryRun {
        let run = try BinaryRun(arguments, environment: environment, scratch: scratch)
        try run.wait(timeout: 120)
        return run
    }

    func wait(timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var raw: Int32 = 0
        while waitpid(pid, &raw, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &raw, 0)
                throw Failure(description: "tokengen did not finish in \(Int(timeout)) s")
            }
            usleep(20_000)
        }
        // Exit code, or 128 + signal as a shell reports it.
        status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
    }

    func interrupt() { kill(pid, SIGINT) }

    var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }
    var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }

    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        guard let dict = object as? [String: Any] else {
            throw Failure(description: "not a JSON object: \(stdout)")
        }
        return dict
    }
}
