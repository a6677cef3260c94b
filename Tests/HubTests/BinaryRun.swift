import ChildProcesses
import Foundation

/// The built `tokengen` binary run as a user would, started by `ChildProcess` (an empty signal mask, so
/// Ctrl+C arrives; no inherited pipes), output captured in files.
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
        // No inherited descriptors, and killed when the test process dies (see ChildProcess).
        let pid = try ChildProcess.spawn(
            [try Self.binary()] + arguments, environment: env, output: out.path, errorOutput: err.path)
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
