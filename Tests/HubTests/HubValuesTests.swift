import Foundation
import ModelFiles
import Testing

@testable import Hub

/// The pure parts: which files are chosen, names, settings from the environment, sizes, progress.
@Suite("Hub values")
struct HubValuesTests {
    static func info(_ names: [String]) -> RepoInfo {
        RepoInfo(
            id: "org/m", commit: String(repeating: "a", count: 40),
            files: names.map { RemoteFile(name: $0, size: 10) })
    }

    @Test("default files: support files present plus safetensors (and index); README, ONNX and .bin skipped")
    func selectionSafetensors() throws {
        let info = Self.info([
            ".gitattributes", "README.md", "config.json", "merges.txt", "vocab.json", "tokenizer.json",
            "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
            "model.safetensors.index.json",
            "pytorch_model.bin", "onnx/model.onnx", "onnx/model.safetensors", "flax_model.msgpack",
        ])
        let names = try FileSelection.defaultFiles(of: info, repo: "org/m").map(\.name)
        #expect(
            names == [
                "config.json", "tokenizer.json", "vocab.json", "merges.txt",
                "model-00001-of-00002.safetensors",
                "model-00002-of-00002.safetensors", "model.safetensors.index.json",
            ])
    }

    @Test("default files fall back to pytorch_model.bin and its shards; GGUF-only and weightless repos fail")
    func selectionFallbacks() throws {
        let bin = Self.info([
            "config.json", "pytorch_model.bin.index.json", "pytorch_model-00001-of-00002.bin",
            "pytorch_model-00002-of-00002.bin", "tf_model.h5",
        ])
        #expect(
            try FileSelection.defaultFiles(of: bin, repo: "org/m").map(\.name) == [
                "config.json", "pytorch_model.bin.index.json", "pytorch_model-00001-of-00002.bin",
                "pytorch_model-00002-of-00002.bin",
            ])
        let gguf = Self.info(["README.md", "a.Q4_0.gguf", "b.Q8_0.gguf"])
        #expect(
            throws: HubError.ggufOnly(
                repo: "org/m",
                files: [RemoteFile(name: "a.Q4_0.gguf", size: 10), RemoteFile(name: "b.Q8_0.gguf", size: 10)])
        ) {
            try FileSelection.defaultFiles(of: gguf, repo: "org/m")
        }
        #expect(throws: HubError.noWeights(repo: "org/m", files: ["README.md", "config.json"])) {
            try FileSelection.defaultFiles(of: Self.info(["README.md", "config.json"]), repo: "org/m")
        }
    }

    @Test("repo ids: org/name and bare names pass; paths, .., -- and three parts do not")
    func repoIDs() throws {
        for good in [
            "gpt2", "openai-community/gpt2", "Qwen/Qwen2.5-0.5B", "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
        ] {
            #expect((try? RepoID(good)) != nil, "\(good)")
        }
        for bad in ["", "/abs/path", "a/b/c", "../x", "a/..", "a--b/c", ".hidden", "with space", "x.gguf/"] {
            #expect(throws: HubError.invalidRepoID(bad)) { try RepoID(bad) }
        }
        #expect(try RepoID("openai-community/gpt2").folderName == "models--openai-community--gpt2")
        #expect(try RepoID("gpt2").folderName == "models--gpt2")
    }

    @Test("ETags are unquoted and weak markers dropped, as huggingface_hub does")
    func etags() {
        #expect(HubAPI.normalizeETag("\"abc123\"") == "abc123")
        #expect(HubAPI.normalizeETag("W/\"abc123\"") == "abc123")
        #expect(HubAPI.normalizeETag(nil) == nil)
        #expect(HubAPI.normalizeETag("\"../../x\"") == nil)  // never a path
        #expect(HubAPI.normalizeETag("\"..\"") == nil && HubAPI.normalizeETag("\"\"") == nil)
        #expect(HubAPI.escape("refs/pr/1", keepSlash: false) == "refs%2Fpr%2F1")
        #expect(HubAPI.escape("onnx/model file.onnx", keepSlash: true) == "onnx/model%20file.onnx")
    }

    @Test("settings: endpoint, cache, offline and token from the environment, token file as fallback")
    func settings() throws {
        let folder = try TemporaryFolder()
        try Data("  hf_fromFile \n".utf8).write(to: folder.url.appendingPathComponent("token"))
        let s = HubSettings(environment: [
            "HF_HOME": folder.url.path, "HF_ENDPOINT": "http://mirror.test/", "HF_HUB_OFFLINE": "1",
        ])
        #expect(s.endpoint == "http://mirror.test")
        #expect(s.cacheDirectory.path == folder.url.appendingPathComponent("hub").path)
        #expect(s.offline && s.token == "hf_fromFile")
        #expect(!s.description.contains("hf_fromFile"))
        let env = HubSettings(environment: [
            "HF_TOKEN": "hf_env", "HF_HOME": folder.url.path, "HF_HUB_CACHE": "/c", "HOME": "/h",
        ])
        #expect(env.token == "hf_env" && env.cacheDirectory.path == "/c" && !env.offline)
        let bare = HubSettings(environment: ["HOME": folder.url.path])
        #expect(bare.endpoint == "https://huggingface.co" && bare.token == nil)
        #expect(bare.cacheDirectory.path == folder.url.appendingPathComponent(".cache/huggingface/hub").path)
    }

    @Test("digests match known values: SHA-256 of \"abc\" and git's id of \"hello\\n\"")
    func digests() {
        let sha = Digest(.sha256)
        sha.update(Data("abc".utf8))
        #expect(sha.finalHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let git = Digest.gitBlob(size: 6)
        git.update(Data("hello\n".utf8))
        #expect(git.finalHex() == "ce013625030ba8dba906f756967f9e9ca394464a")  // `git hash-object`
    }

    @Test("sizes, rates and durations read as people write them")
    func byteCounts() {
        #expect(ByteCount.format(12) == "12 B")
        #expect(ByteCount.format(5_195_584) == "5.2 MB")
        #expect(ByteCount.format(548_105_171) == "548 MB")
        #expect(ByteCount.format(2_200_119_864) == "2.2 GB")
        #expect(ByteCount.rate(12_300_000) == "12 MB/s")
        #expect(
            ByteCount.duration(35) == "35 s" && ByteCount.duration(65) == "1:05"
                && ByteCount.duration(.nan) == nil)
    }

    @Test("the progress tally sums finished and current files, and cached files do not count as rate")
    func tally() {
        var t = DownloadTally()
        let start = Date(timeIntervalSince1970: 1000)
        t.apply(
            .planned(files: [RemoteFile(name: "a", size: 100), RemoteFile(name: "b", size: 900)]), now: start)
        t.apply(.fileDone(name: "a", size: 100, transferred: false), now: start)
        t.apply(.progress(name: "b", bytes: 0, total: 900), now: start)
        t.apply(.progress(name: "b", bytes: 450, total: 900), now: start.addingTimeInterval(1))
        #expect(t.total == 1000 && t.done == 550 && abs(t.fraction - 0.55) < 1e-9)
        #expect(abs(t.rate - 450) < 1e-9)
        #expect(t.text == "b — 550 B of 1 kB, 450 B/s, 1 s left")
        t.apply(.retrying(name: "b", attempt: 2, delay: 2, reason: "timed out"), now: start)
        #expect(t.text == "b: timed out, retrying in 2 s")
    }

    @Test("the catalog marks families outside the supported list with the reason")
    func catalog() {
        #expect(ModelCatalog.entries.count == 11)
        #expect(ModelCatalog.unsupportedReason(modelType: "gpt2", supported: ["gpt2", "llama"]) == nil)
        #expect(
            ModelCatalog.unsupportedReason(modelType: "gpt_neox", supported: ["llama", "gpt2"])
                == "TokenGen cannot run “gpt_neox” models yet (it runs gpt2, llama)")
        let info = RepoInfo(
            id: "a/b", commit: "c",
            files: [
                RemoteFile(name: "config.json", size: 1_000),
                RemoteFile(name: "model.safetensors", size: 548_000_000),
            ], gated: true)
        #expect(
            ModelCatalog.summary(family: "GPT-2", info: info, repo: "a/b", cached: false)
                == "GPT-2 · 548 MB · gated: needs HF_TOKEN · not downloaded")
        #expect(
            ModelCatalog.summary(family: "GPT-2", info: nil, repo: "a/b", cached: true)
                == "GPT-2 · size unknown · cached")
    }

    @Test("--model with an uncached Hub name says how to download it; a path keeps the old message")
    func notDownloaded() throws {
        let folder = try TemporaryFolder()
        let locator = ModelLocator(environment: ["HF_HUB_CACHE": folder.url.path], bundledModels: folder.url)
        #expect(throws: ModelFilesError.notDownloaded(name: "openai-community/gpt2")) {
            try locator.resolve("openai-community/gpt2")
        }
        #expect(
            "\(ModelFilesError.notDownloaded(name: "gpt2"))".contains(
                "not downloaded: run `tokengen download gpt2` (or use Get model… in the window)"))
        #expect(
            throws: ModelFilesError.modelNotFound(
                name: "/no/such/dir", searched: ["/no/such/dir", folder.url.path, folder.url.path])
        ) {
            try locator.resolve("/no/such/dir")
        }
    }
}
