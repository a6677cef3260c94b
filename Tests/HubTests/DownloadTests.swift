import Foundation
import Testing

@testable import Hub

/// Downloads against the fake hub, in process: what lands in the cache, what went over the wire.
@Suite("Hub downloads against a loopback hub")
struct DownloadTests {
    static let fixtures = FakeHub.root.deletingLastPathComponent().appendingPathComponent(
        "shared/fixtures/models")
    static let fast = RetryPolicy(attempts: 4, initialDelay: 0.05, maxDelay: 0.2)

    static func downloader(_ hub: FakeHub, cache: URL, token: String? = nil, offline: Bool = false)
        -> HubDownloader
    {
        HubDownloader(
            settings: HubSettings(
                endpoint: hub.endpoint, cacheDirectory: cache, offline: offline, token: token),
            retry: fast)
    }

    static func sha256(_ url: URL) throws -> String { try Digest.sha256(file: url) }

    @Test("a plain download puts verified files in snapshots/ as relative links to blobs/, and refs/main")
    func plainDownload() throws {
        let hub = try FakeHub()
        let cache = try TemporaryFolder()
        let result = try Self.downloader(hub, cache: cache.url).download(DownloadRequest(repo: "tiny/gpt2"))
        let names = result.files.map(\.name)
        #expect(
            names == [
                "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                "model.safetensors",
            ])
        let repo = cache.url.appendingPathComponent("models--tiny--gpt2")
        let ref = try String(contentsOf: repo.appendingPathComponent("refs/main"), encoding: .utf8)
        #expect(ref == result.commit)
        #expect(result.path == repo.appendingPathComponent("snapshots/\(result.commit)").path)
        for file in result.files {
            let pointer = URL(fileURLWithPath: result.path).appendingPathComponent(file.name)
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: pointer.path)
            #expect(target.hasPrefix("../../blobs/"), "\(file.name) → \(target)")
            let original = Self.fixtures.appendingPathComponent("gpt2-tiny/\(file.name)")
            #expect(try Data(contentsOf: pointer) == Data(contentsOf: original), "\(file.name)")
            #expect(file.sha256 == (try Self.sha256(original)))
            #expect(file.size == BlobFetcher.size(of: original))
        }
        let blobs = try FileManager.default.contentsOfDirectory(
            atPath: repo.appendingPathComponent("blobs").path)
        #expect(!blobs.contains { $0.hasSuffix(".incomplete") })
        #expect(try hub.stats().auth_seen_on_cdn == 0)
    }

    @Test("a second download of a cached repo transfers nothing and makes only the model-info call")
    func secondRunTransfersNothing() throws {
        let hub = try FakeHub()
        let cache = try TemporaryFolder()
        let downloader = Self.downloader(hub, cache: cache.url)
        let first = try downloader.download(DownloadRequest(repo: "tiny/gpt2"))
        let before = try hub.stats()
        let second = try downloader.download(DownloadRequest(repo: "tiny/gpt2"))
        let after = try hub.stats()
        #expect(second.files == first.files)
        #expect(second.transferredFiles == 0 && first.transferredFiles == 5)
        #expect(after.cdn_bytes == before.cdn_bytes)
        #expect(after.resolve_requests == before.resolve_requests)
        #expect(after.api_requests == before.api_requests + 1)
    }

    @Test("a transfer the server drops halfway is resumed with a Range request and verifies")
    func resumeAfterDrop() throws {
        let hub = try FakeHub(["--drop-after", "4000000", "--drop-count", "1"])
        let cache = try TemporaryFolder()
        let events = EventLog()
        let result = try Self.downloader(hub, cache: cache.url).download(
            DownloadRequest(repo: "tiny/gpt2", files: ["model.safetensors"]), report: events.add)
        let stats = try hub.stats()
        #expect(stats.ranges == ["bytes=4000000-"], "\(stats.ranges)")
        #expect(stats.cdn_bytes == 13_486_264)  // nothing sent twice
        #expect(events.retries == 1)
        let original = Self.fixtures.appendingPathComponent("gpt2-tiny/model.safetensors")
        #expect(try Data(contentsOf: URL(fileURLWithPath: result.path)) == Data(contentsOf: original))
    }

    @Test("a partial blob left by an earlier run is resumed from where it stopped")
    func resumeAcrossRuns() throws {
        let failing = try FakeHub(["--drop-after", "3000000", "--drop-count", "100"])
        let cache = try TemporaryFolder()
        let request = DownloadRequest(repo: "tiny/gpt2", files: ["model.safetensors"])
        #expect(throws: HubError.self) { try Self.downloader(failing, cache: cache.url).download(request) }
        let sha = "23edcfbb40f39ac5ed9453bdcc9b9c6d95aec66ce2ea16200e688427bdeb76df"
        let partial = cache.url.appendingPathComponent("models--tiny--gpt2/blobs/\(sha).incomplete")
        let kept = BlobFetcher.size(of: partial)
        #expect(kept >= 3_000_000, "the partial file holds \(kept) bytes")
        failing.stop()
        let hub = try FakeHub()
        let result = try Self.downloader(hub, cache: cache.url).download(request)
        #expect(try hub.stats().ranges == ["bytes=\(kept)-"])
        #expect(try Self.sha256(URL(fileURLWithPath: result.path)) == sha)
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }

    @Test("busy answers (503) are retried with backoff")
    func retriesServerErrors() throws {
        let hub = try FakeHub(["--fail-first", "2"])
        let cache = try TemporaryFolder()
        let events = EventLog()
        let result = try Self.downloader(hub, cache: cache.url).download(
            DownloadRequest(repo: "tiny/gpt2", files: ["model.safetensors"]), report: events.add)
        #expect(events.retries == 2)
        #expect(
            result.files.first?.sha256 == "23edcfbb40f39ac5ed9453bdcc9b9c6d95aec66ce2ea16200e688427bdeb76df")
    }

    @Test("a corrupted blob fails naming the file and checksum, and nothing bad stays in the cache")
    func corruptedBlob() throws {
        let hub = try FakeHub(["--corrupt", "model.safetensors"])
        let cache = try TemporaryFolder()
        let expected = "23edcfbb40f39ac5ed9453bdcc9b9c6d95aec66ce2ea16200e688427bdeb76df"
        do {
            _ = try Self.downloader(hub, cache: cache.url).download(DownloadRequest(repo: "tiny/gpt2"))
            Issue.record("a corrupted blob was accepted")
        } catch let error as HubError {
            guard case .checksumMismatch(let file, let algorithm, let announced, let actual) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
            #expect(file == "model.safetensors" && algorithm == "SHA-256" && announced == expected)
            #expect(actual != expected)
            #expect("\(error)".contains("model.safetensors") && "\(error)".contains(expected))
        }
        let repo = cache.url.appendingPathComponent("models--tiny--gpt2")
        let blobs = try FileManager.default.contentsOfDirectory(
            atPath: repo.appendingPathComponent("blobs").path)
        #expect(!blobs.contains { $0.hasPrefix(expected) }, "\(blobs)")
        let snapshots = try FileManager.default.subpathsOfDirectory(
            atPath: repo.appendingPathComponent("snapshots").path)
        #expect(!snapshots.contains { $0.hasSuffix("model.safetensors") })
    }

    @Test("a gated repo fails without a token, with the exact message, and downloads with one")
    func gated() throws {
        let token = "hf_secretTokenForTests"
        let hub = try FakeHub(["--token", token])
        let cache = try TemporaryFolder()
        #expect(throws: HubError.gated(repo: "tiny/gated")) {
            try Self.downloader(hub, cache: cache.url).download(DownloadRequest(repo: "tiny/gated"))
        }
        #expect(
            "\(HubError.gated(repo: "tiny/gated"))"
                == "this model is gated: accept its terms at https://huggingface.co/tiny/gated and set HF_TOKEN"
        )
        #expect(throws: HubError.gated(repo: "tiny/gated")) {
            try Self.downloader(hub, cache: cache.url, token: "hf_wrong").download(
                DownloadRequest(repo: "tiny/gated"))
        }
        let result = try Self.downloader(hub, cache: cache.url, token: token).download(
            DownloadRequest(repo: "tiny/gated"))
        #expect(result.files.contains { $0.name == "model.safetensors" })
        #expect(try hub.stats().auth_seen_on_cdn == 0, "the token must not go to the CDN")
    }

    @Test("a missing repo, revision or file says it was not found")
    func notFound() throws {
        let hub = try FakeHub()
        let cache = try TemporaryFolder()
        let downloader = Self.downloader(hub, cache: cache.url)
        #expect(throws: HubError.repoNotFound(repo: "nobody/nothing", endpoint: hub.endpoint)) {
            try downloader.download(DownloadRequest(repo: "nobody/nothing"))
        }
        #expect(throws: HubError.revisionNotFound(repo: "tiny/gpt2", revision: "v9")) {
            try downloader.download(DownloadRequest(repo: "tiny/gpt2", revision: "v9"))
        }
        #expect(throws: HubError.fileNotFound(repo: "tiny/gpt2", file: "nope.bin", revision: "main")) {
            try downloader.download(DownloadRequest(repo: "tiny/gpt2", files: ["nope.bin"]))
        }
        #expect(throws: HubError.invalidRepoID("../etc")) {
            try downloader.download(DownloadRequest(repo: "../etc"))
        }
        #expect(throws: HubError.invalidFileName("../x")) {
            try downloader.download(DownloadRequest(repo: "tiny/gpt2", files: ["../x"]))
        }
    }

    @Test("with no server listening the error says the endpoint cannot be reached")
    func noNetwork() throws {
        let cache = try TemporaryFolder()
        let settings = HubSettings(endpoint: "http://127.0.0.1:9", cacheDirectory: cache.url)
        do {
            _ = try HubDownloader(settings: settings, retry: Self.fast).download(
                DownloadRequest(repo: "tiny/gpt2"))
            Issue.record("no error")
        } catch let error as HubError {
            guard case .unreachable(let endpoint, _) = error else { return #expect(Bool(false), "\(error)") }
            #expect(endpoint == "http://127.0.0.1:9")
            #expect("\(error)".hasPrefix("cannot reach http://127.0.0.1:9"))
        }
    }

    @Test("offline mode makes no request: it answers from the cache, or says what is not cached")
    func offline() throws {
        let hub = try FakeHub()
        let cache = try TemporaryFolder()
        #expect(throws: HubError.offlineNotCached(repo: "tiny/gpt2", revision: "main", missing: [])) {
            try Self.downloader(hub, cache: cache.url, offline: true).download(
                DownloadRequest(repo: "tiny/gpt2"))
        }
        let online = try Self.downloader(hub, cache: cache.url).download(DownloadRequest(repo: "tiny/gpt2"))
        let before = try hub.stats()
        let offline = try Self.downloader(hub, cache: cache.url, offline: true).download(
            DownloadRequest(repo: "tiny/gpt2"))
        #expect(offline.path == online.path && offline.commit == online.commit)
        #expect(Set(offline.files.map(\.name)) == Set(online.files.map(\.name)))
        #expect(Set(offline.files.map(\.sha256)) == Set(online.files.map(\.sha256)))
        #expect(
            throws: HubError.offlineNotCached(
                repo: "tiny/gpt2", revision: "main", missing: ["gpt2-tiny-f32.gguf"])
        ) {
            try Self.downloader(hub, cache: cache.url, offline: true).download(
                DownloadRequest(repo: "tiny/gpt2", files: ["gpt2-tiny-f32.gguf"]))
        }
        let after = try hub.stats()
        #expect(
            after.api_requests == before.api_requests && after.resolve_requests == before.resolve_requests)
    }

    @Test("a GGUF-only repo lists its GGUF files with sizes; --file picks one")
    func ggufOnly() throws {
        let hub = try FakeHub()
        let cache = try TemporaryFolder()
        let downloader = Self.downloader(hub, cache: cache.url)
        do {
            _ = try downloader.download(DownloadRequest(repo: "tiny/llama-gguf"))
            Issue.record("no error")
        } catch let error as HubError {
            guard case .ggufOnly(_, let files) = error else { return #expect(Bool(false), "\(error)") }
            #expect(files.map(\.name) == ["llama-tiny-f32.gguf", "llama-tiny-q.gguf"])
            #expect(files.map(\.size) == [14_871_616, 5_195_584])
            #expect("\(error)".contains("llama-tiny-q.gguf (5.2 MB)"))
        }
        #expect(try hub.stats().cdn_requests == 0)
        let result = try downloader.download(
            DownloadRequest(repo: "tiny/llama-gguf", files: ["llama-tiny-q.gguf"]))
        #expect(result.path.hasSuffix("/llama-tiny-q.gguf"))
        #expect(result.files.map(\.name) == ["llama-tiny-q.gguf"])
        let original = Self.fixtures.appendingPathComponent("llama-tiny/llama-tiny-q.gguf")
        #expect(result.files.first?.sha256 == (try Self.sha256(original)))
    }

    @Test("a repo with only pytorch_model.bin gets it; a bare name follows the Hub's relative redirect")
    func pytorchAndAlias() throws {
        let hub = try FakeHub()
        let cache = try TemporaryFolder()
        let downloader = Self.downloader(hub, cache: cache.url)
        let bin = try downloader.download(DownloadRequest(repo: "tiny/opt-bin"))
        #expect(bin.files.map(\.name) == ["config.json", "generation_config.json", "pytorch_model.bin"])
        let bare = try downloader.download(DownloadRequest(repo: "gpt2"))
        #expect(bare.path.contains("/models--gpt2/snapshots/"))
        #expect(bare.files.contains { $0.name == "model.safetensors" })
    }

    @Test("a type TokenGen cannot run is refused before anything is stored")
    func unsupportedType() throws {
        let hub = try FakeHub()
        let cache = try TemporaryFolder()
        let request = DownloadRequest(repo: "EleutherAI/pythia-70m", allowedModelTypes: ["gpt2", "llama"])
        #expect(
            throws: HubError.unsupportedModelType(
                repo: "EleutherAI/pythia-70m", modelType: "gpt_neox", supported: ["gpt2", "llama"])
        ) {
            try Self.downloader(hub, cache: cache.url).download(request)
        }
        #expect(
            !FileManager.default.fileExists(
                atPath: cache.url.appendingPathComponent("models--EleutherAI--pythia-70m").path))
    }

    @Test("cancelling keeps the partial file for a resume")
    func cancel() throws {
        let hub = try FakeHub(["--throttle", "4000000"])
        let cache = try TemporaryFolder()
        let cancellation = DownloadCancellation()
        let downloader = HubDownloader(
            settings: HubSettings(endpoint: hub.endpoint, cacheDirectory: cache.url), retry: Self.fast,
            cancellation: cancellation)
        let events = EventLog(cancelAfterBytes: 1_000_000, cancellation: cancellation)
        #expect(throws: HubError.cancelled(file: "model.safetensors")) {
            try downloader.download(
                DownloadRequest(repo: "tiny/gpt2", files: ["model.safetensors"]), report: events.add)
        }
        let sha = "23edcfbb40f39ac5ed9453bdcc9b9c6d95aec66ce2ea16200e688427bdeb76df"
        let partial = cache.url.appendingPathComponent("models--tiny--gpt2/blobs/\(sha).incomplete")
        #expect(BlobFetcher.size(of: partial) >= 1_000_000)
    }
}

/// Collects download events from the downloading thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [DownloadEvent] = []
    private let cancelAfterBytes: Int64?
    private let cancellation: DownloadCancellation?

    init(cancelAfterBytes: Int64? = nil, cancellation: DownloadCancellation? = nil) {
        self.cancelAfterBytes = cancelAfterBytes
        self.cancellation = cancellation
    }

    var add: @Sendable (DownloadEvent) -> Void {
        { [self] event in
            lock.lock()
            events.append(event)
            lock.unlock()
            if case .progress(_, let bytes, _) = event, let limit = cancelAfterBytes, bytes >= limit {
                cancellation?.cancel()
            }
        }
    }

    var retries: Int {
        lock.lock()
        defer { lock.unlock() }
        return events.filter { if case .retrying = $0 { return true } else { return false } }.count
    }
}
