import Foundation
import Testing

@testable import Hub

/// `tokengen download` and `--model ORG/NAME` as a user runs them, against the fake hub.
@Suite("tokengen download, the command")
struct DownloadCommandTests {
    static let modelSHA = "23edcfbb40f39ac5ed9453bdcc9b9c6d95aec66ce2ea16200e688427bdeb76df"

    static func environment(_ hub: FakeHub?, cache: URL, _ extra: [String: String] = [:]) -> [String: String]
    {
        var env = ["HF_HUB_CACHE": cache.path, "HF_ENDPOINT": hub?.endpoint ?? "http://127.0.0.1:9"]
        env.merge(extra) { $1 }
        return env
    }

    @Test("--json prints {repo, revision, commit, path, files}; plain output ends with the snapshot folder")
    func output() throws {
        let hub = try FakeHub()
        let scratch = try TemporaryFolder()
        let env = Self.environment(hub, cache: scratch.url.appendingPathComponent("cache"))
        let json = try BinaryRun.run(
            ["download", "tiny/gpt2", "--json"], environment: env, scratch: scratch.url)
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try json.json()
        #expect(doc["repo"] as? String == "tiny/gpt2" && doc["revision"] as? String == "main")
        let commit = try #require(doc["commit"] as? String)
        #expect((doc["path"] as? String)?.hasSuffix("models--tiny--gpt2/snapshots/\(commit)") == true)
        let files = try #require(doc["files"] as? [[String: Any]])
        let model = try #require(files.first { $0["name"] as? String == "model.safetensors" })
        #expect(model["size"] as? Int == 13_486_264 && model["sha256"] as? String == Self.modelSHA)
        #expect(json.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(json.stderr)")
        let plain = try BinaryRun.run(["download", "tiny/gpt2"], environment: env, scratch: scratch.url)
        #expect(plain.status == 0)
        #expect(plain.lastLine == doc["path"] as? String)
        let one = try BinaryRun.run(
            ["download", "tiny/gpt2", "--file", "config.json"], environment: env, scratch: scratch.url)
        #expect(one.lastLine == "\(doc["path"] as? String ?? "")/config.json")
    }

    @Test("a GGUF-only repo exits 1 listing the GGUF files with sizes")
    func ggufOnly() throws {
        let hub = try FakeHub()
        let scratch = try TemporaryFolder()
        let r = try BinaryRun.run(
            ["download", "tiny/llama-gguf"], environment: Self.environment(hub, cache: scratch.url),
            scratch: scratch.url)
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("llama-tiny-f32.gguf (15 MB)")
                && r.stderr.contains("llama-tiny-q.gguf (5.2 MB)"), "\(r.stderr)")
        #expect(r.stderr.contains("--file"))
    }

    @Test("gated: the exact message without a token, success with HF_TOKEN, and the token never printed")
    func gated() throws {
        let token = "hf_doNotPrintMe123"
        let hub = try FakeHub(["--token", token])
        let scratch = try TemporaryFolder()
        let env = Self.environment(hub, cache: scratch.url.appendingPathComponent("cache"))
        let denied = try BinaryRun.run(["download", "tiny/gated"], environment: env, scratch: scratch.url)
        #expect(denied.status == 1)
        #expect(
            denied.stderr.contains(
                "this model is gated: accept its terms at https://huggingface.co/tiny/gated and set HF_TOKEN"),
            "\(denied.stderr)")
        // The token from $HF_HOME/token when HF_TOKEN is unset.
        let home = scratch.url.appendingPathComponent("hf-home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("\(token)\n".utf8).write(to: home.appendingPathComponent("token"))
        var withFile = env
        withFile["HF_HOME"] = home.path
        let allowed = try BinaryRun.run(
            ["download", "tiny/gated", "--json"], environment: withFile, scratch: scratch.url)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        var wrong = env
        wrong["HF_TOKEN"] = "hf_wrongTokenAlsoSecret"
        let refused = try BinaryRun.run(
            ["download", "tiny/gated", "--revision", "main", "--file", "config.json"],
            environment: wrong.merging(["HF_HUB_CACHE": scratch.url.appendingPathComponent("other").path]) {
                $1
            },
            scratch: scratch.url)
        #expect(refused.status == 1)
        for run in [denied, allowed, refused] {
            #expect(!run.stdout.contains("hf_") && !run.stderr.contains("hf_"), "a token was printed")
        }
        #expect(try hub.stats().auth_seen_on_cdn == 0)
    }

    @Test("a missing repo and an unreachable endpoint each give one clear line and exit 1")
    func errors() throws {
        let hub = try FakeHub()
        let scratch = try TemporaryFolder()
        let missing = try BinaryRun.run(
            ["download", "nobody/nothing"], environment: Self.environment(hub, cache: scratch.url),
            scratch: scratch.url)
        #expect(missing.status == 1)
        #expect(
            missing.stderr.hasPrefix("error: repository nobody/nothing was not found"), "\(missing.stderr)")
        let offline = try BinaryRun.run(
            ["download", "tiny/gpt2"], environment: Self.environment(nil, cache: scratch.url),
            scratch: scratch.url)
        #expect(offline.status == 1)
        #expect(offline.stderr.hasPrefix("error: cannot reach http://127.0.0.1:9"), "\(offline.stderr)")
        #expect(offline.stderr.split(separator: "\n").count == 1)
    }

    @Test("two downloads of one repo at once both succeed and fetch each blob once")
    func concurrent() throws {
        let hub = try FakeHub(["--throttle", "20000000"])
        let scratch = try TemporaryFolder()
        let env = Self.environment(hub, cache: scratch.url.appendingPathComponent("cache"))
        let a = try BinaryRun(["download", "tiny/gpt2", "--json"], environment: env, scratch: scratch.url)
        let b = try BinaryRun(["download", "tiny/gpt2", "--json"], environment: env, scratch: scratch.url)
        try a.wait(timeout: 120)
        try b.wait(timeout: 120)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(try a.json()["path"] as? String == b.json()["path"] as? String)
        let files = try #require(try a.json()["files"] as? [[String: Any]])
        #expect(
            files.first { $0["name"] as? String == "model.safetensors" }?["sha256"] as? String
                == Self.modelSHA)
        #expect(try hub.stats().cdn_bytes == 13_486_264, "each LFS blob is transferred once")
        let path = try #require(try a.json()["path"] as? String)
        #expect(try Digest.sha256(file: URL(fileURLWithPath: path + "/model.safetensors")) == Self.modelSHA)
    }

    @Test("Ctrl+C leaves a resumable .incomplete; the next run resumes it with Range")
    func interrupt() throws {
        let slow = try FakeHub(["--throttle", "2000000"])
        let scratch = try TemporaryFolder()
        let cache = scratch.url.appendingPathComponent("cache")
        let partial = cache.appendingPathComponent("models--tiny--gpt2/blobs/\(Self.modelSHA).incomplete")
        let run = try BinaryRun(
            ["download", "tiny/gpt2"], environment: Self.environment(slow, cache: cache), scratch: scratch.url
        )
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, fileSize(partial) < 1_000_000 { usleep(50_000) }
        run.interrupt()
        try run.wait(timeout: 20)
        #expect(run.status == 130)
        #expect(run.stderr.contains("run the same command again to resume"), "\(run.stderr)")
        let kept = fileSize(partial)
        #expect(kept >= 1_000_000)
        slow.stop()
        let hub = try FakeHub()
        let again = try BinaryRun.run(
            ["download", "tiny/gpt2", "--json"], environment: Self.environment(hub, cache: cache),
            scratch: scratch.url)
        #expect(again.status == 0, "\(again.stderr)")
        let ranges = try hub.stats().ranges
        #expect(ranges.count == 1 && (Int(ranges[0].dropFirst(6).dropLast()) ?? 0) >= 1_000_000, "\(ranges)")
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }

    @Test(
        "offline: exit 0 when cached, exit 1 saying so otherwise; then analyze --model ORG/NAME from the cache"
    )
    func offlineThenAnalyze() throws {
        let hub = try FakeHub()
        let scratch = try TemporaryFolder()
        let cache = scratch.url.appendingPathComponent("cache")
        let offline = Self.environment(hub, cache: cache, ["HF_HUB_OFFLINE": "1"])
        let before = try BinaryRun.run(
            ["download", "HuggingFaceTB/SmolLM2-135M-Instruct"], environment: offline, scratch: scratch.url)
        #expect(before.status == 1)
        #expect(
            before.stderr.contains("HF_HUB_OFFLINE=1") && before.stderr.contains("not fully cached"),
            "\(before.stderr)")
        let missing = try BinaryRun.run(
            [
                "analyze", "--model", "HuggingFaceTB/SmolLM2-135M-Instruct", "--prompt", "Hello world",
                "--json",
            ],
            environment: offline, scratch: scratch.url)
        #expect(missing.status == 1)
        let message = (try? missing.json()["error"] as? String) ?? missing.stdout
        #expect(
            message.contains(
                "not downloaded: run `tokengen download HuggingFaceTB/SmolLM2-135M-Instruct` (or use Get model… in the window)"
            ),
            "\(message)")
        let fetched = try BinaryRun.run(
            ["download", "HuggingFaceTB/SmolLM2-135M-Instruct"],
            environment: Self.environment(hub, cache: cache), scratch: scratch.url)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let served = try hub.stats()
        let cached = try BinaryRun.run(
            ["download", "HuggingFaceTB/SmolLM2-135M-Instruct"], environment: offline, scratch: scratch.url)
        #expect(cached.status == 0 && cached.lastLine == fetched.lastLine)
        let analyze = try BinaryRun.run(
            [
                "analyze", "--model", "HuggingFaceTB/SmolLM2-135M-Instruct", "--prompt", "Hello world",
                "--json",
            ],
            environment: offline, scratch: scratch.url)
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let doc = try analyze.json()
        #expect((doc["lens"] as? [Any])?.isEmpty == false)
        let after = try hub.stats()
        #expect(
            after.api_requests == served.api_requests && after.resolve_requests == served.resolve_requests,
            "offline runs made requests")
    }
}

private func fileSize(_ url: URL) -> Int64 {
    ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
}
