import Foundation
import Testing

/// Runs the built `tokengen` binary (release when `make test` built it, else debug).
struct TokenGenBinary {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()
    static let fixtures = root.deletingLastPathComponent().appendingPathComponent("shared/fixtures")

    static func path() throws -> String {
        for config in ["release", "debug"] {
            let p = root.appendingPathComponent(".build/\(config)/tokengen").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        throw CLIFailure("tokengen is not built: run `make test` (it builds .build/release/tokengen first)")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any])
        }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try runProcess(URL(fileURLWithPath: try path()), arguments, environment: environment)
    }

    /// Runs any program to its end and returns its status and output.
    static func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws
        -> Result
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

@Suite("tokengen command line", .serialized)
struct CommandLineTests {
    @Test("analyze --json on the default model puts \" things\" first at the last layer")
    func analyzeDefault() throws {
        let r = try TokenGenBinary.run(["analyze", "--prompt", "The world is full of amazing", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try r.json()
        let tokens = try #require(doc["tokens"] as? [[String: Any]])
        #expect(tokens.compactMap { $0["id"] as? Int } == [504, 905, 314, 2073, 282, 5485])
        #expect(doc["position"] as? Int == 5)
        let lens = try #require(doc["lens"] as? [[String: Any]])
        #expect(lens.count == 31)
        let lastTop = try #require((lens.last?["top"] as? [[String: Any]])?.first)
        #expect(lastTop["text"] as? String == " things")
        #expect(abs((lastTop["prob"] as? Double ?? 0) - 0.21) < 0.02)
        let metrics = try #require(doc["metrics"] as? [[String: Any]])
        #expect(abs(metrics.last?["kl_to_final"] as? Double ?? 1) < 1e-6)
        #expect(metrics.last?["final_top_rank"] as? Int == 1)
        let attention = try #require(doc["attention"] as? [String: Any])
        let weights = try #require(attention["weights"] as? [[Double]])
        #expect(weights.count == 30 && weights.allSatisfy { $0.count == 6 })
        for row in weights { #expect(abs(row.reduce(0, +) - 1) < 1e-3) }  // the query row of a softmax
        let clusters = try #require(doc["clusters"] as? [String: Any])
        #expect((clusters["heads"] as? [Any])?.count == 270)
        #expect((clusters["trustworthiness"] as? Double ?? 0) > 0.9)
    }

    @Test("--contrast things people: the difference per layer, \" things\" ahead at the last layer")
    func contrast() throws {
        let r = try TokenGenBinary.run(["analyze", "--contrast", "things", "people", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let c = try #require(try r.json()["contrast"] as? [String: Any])
        #expect((c["a"] as? [String: Any])?["token"] as? String == " things")
        #expect((c["b"] as? [String: Any])?["token"] as? String == " people")
        let layers = try #require(c["layers"] as? [[String: Any]])
        #expect(layers.count == 31)
        #expect((layers.last?["logprob_diff"] as? Double ?? 0) > 0)
        #expect(layers.last?["rank_a"] as? Int == 1)
    }

    @Test("--compare works against the same vocabulary (llama-tiny) and another one (gpt2-tiny)")
    func compare() throws {
        let llama = TokenGenBinary.fixtures.appendingPathComponent("models/llama-tiny").path
        let same = try TokenGenBinary.run([
            "analyze", "--compare", llama, "--select-depth", "0.5:1.0", "--select-tokens", "2:5", "--json",
        ])
        #expect(same.status == 0, "\(same.stderr)")
        let c = try #require(try same.json()["comparison"] as? [String: Any])
        #expect(c["same_vocabulary"] as? Bool == true)
        let layers = try #require(c["layers"] as? [[String: Any]])
        #expect(layers.count == 31)
        #expect(layers.allSatisfy { $0["kl"] is Double })
        let selection = try #require(c["selection"] as? [String: Any])
        #expect(selection["layers_b"] as? [Int] == [2, 3])
        let gpt2 = TokenGenBinary.fixtures.appendingPathComponent("models/gpt2-tiny").path
        let other = try TokenGenBinary.run(["analyze", "--compare", gpt2, "--json"])
        #expect(other.status == 0, "\(other.stderr)")
        let c2 = try #require(try other.json()["comparison"] as? [String: Any])
        #expect(c2["same_vocabulary"] as? Bool == false)
        #expect((c2["layers"] as? [[String: Any]])?.allSatisfy { $0["kl"] == nil } == true)
    }

    @Test("bad input gives one clear error and exit 1, never a crash")
    func badInput() throws {
        let bad = TokenGenBinary.fixtures.appendingPathComponent("bad")
        let llama = TokenGenBinary.fixtures.appendingPathComponent("models/llama-tiny").path
        let cases: [([String], String)] = [
            (["analyze", "--prompt", "", "--json"], "prompt is empty"),
            (["analyze", "--position", "99", "--json"], "position"),
            (["analyze", "--contrast", "", "people", "--json"], "empty"),
            (["analyze", "--clusters", "1000", "--json"], "cluster"),
            (["analyze", "--select-tokens", "9:12", "--compare", llama, "--json"], "token"),
            (["analyze", "--select-depth", "0.5:1.5", "--compare", llama, "--json"], "depth"),
            (["analyze", "--compare", "no-such-model-anywhere", "--json"], "not downloaded: run `tokengen download no-such-model-anywhere`"),
            (["analyze", "--compare", "/no/such/folder", "--json"], "no model named"),
            (["analyze", "--model", bad.appendingPathComponent("bad-magic.gguf").path, "--json"], "GGUF"),
            (["analyze", "--model", bad.appendingPathComponent("truncated.gguf").path, "--json"], "truncated"),
            (["analyze", "--attention", "head:99", "--json"], "head"),
            (["analyze", "--prompt", String(repeating: "word ", count: 9000), "--json"], "context"),
        ]
        for (args, needle) in cases {
            let r = try TokenGenBinary.run(args)
            #expect(r.status == 1, "\(args.prefix(3)) exited \(r.status): \(r.stderr)")
            let message = (try? r.json()["error"] as? String) ?? ""
            #expect(message.localizedCaseInsensitiveContains(needle), "\(args.prefix(3)): \(message)")
        }
    }

    @Test("a comparison model that fails to load keeps the primary analysis")
    func failedComparison() throws {
        let bad = TokenGenBinary.fixtures.appendingPathComponent("bad/bad-magic.gguf").path
        let r = try TokenGenBinary.run(["analyze", "--compare", bad, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try r.json()
        #expect((doc["comparison"] as? [String: Any])?["error"] is String)
        #expect((doc["lens"] as? [Any])?.count == 31)
    }

    @Test("tokenize --json gives ids and token strings")
    func tokenize() throws {
        let r = try TokenGenBinary.run(["tokenize", "--text", "The world is full of amazing", "--json"])
        #expect(r.status == 0)
        let doc = try r.json()
        #expect(doc["ids"] as? [Int] == [504, 905, 314, 2073, 282, 5485])
        #expect(doc["tokens"] as? [String] == ["The", " world", " is", " full", " of", " amazing"])
    }

    @Test("doctor reports the default model, and exits 1 with what to do when it is missing")
    func doctor() throws {
        let ok = try TokenGenBinary.run(["doctor"])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains("SmolLM2-135M-Instruct.Q4_1.gguf (98362432 bytes)"))
        #expect(ok.stdout.contains("OpenBLAS core:"))
        #expect(ok.stdout.contains("GTK: 4."))
        let missing = try TokenGenBinary.run(["doctor"], environment: ["TOKENGEN_MODELS_DIR": "/nonexistent-models"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("make setup"))
    }
}
