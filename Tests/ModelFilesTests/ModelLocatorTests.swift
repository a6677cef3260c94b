import Foundation
import Testing
@testable import ModelFiles

@Suite("model locator")
struct ModelLocatorTests {
    /// `hub/models--org--tiny/{refs/main, snapshots/<rev>/config.json}` with two revisions.
    private func makeCache() throws -> (hub: URL, main: URL, other: URL) {
        let hub = try Fixtures.tempFolder().appendingPathComponent("hub")
        let repo = hub.appendingPathComponent("models--org--tiny")
        let main = repo.appendingPathComponent("snapshots/aaa111")
        let other = repo.appendingPathComponent("snapshots/bbb222")
        for snap in [main, other] {
            try FileManager.default.createDirectory(at: snap, withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: snap.appendingPathComponent("config.json"))
        }
        try FileManager.default.createDirectory(
            at: repo.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try Data("aaa111\n".utf8).write(to: repo.appendingPathComponent("refs/main"))
        return (hub, main, other)
    }

    @Test("HF_HUB_CACHE with refs/main resolves ORG/NAME and bare NAME to the main snapshot")
    func resolvesCache() throws {
        let (hub, main, _) = try makeCache()
        let locator = ModelLocator(environment: ["HF_HUB_CACHE": hub.path], bundledModels: hub)
        #expect(try locator.resolve("org/tiny").url.path == main.path)
        #expect(try locator.resolve("tiny").url.path == main.path)
        #expect(locator.cachedModels() == ["org/tiny"])
    }

    @Test("HF_HOME/hub is used when HF_HUB_CACHE is unset")
    func hfHome() throws {
        let (hub, main, _) = try makeCache()
        let locator = ModelLocator(
            environment: ["HF_HOME": hub.deletingLastPathComponent().path],
            bundledModels: hub)
        #expect(try locator.resolve("org/tiny").url.path == main.path)
    }

    @Test("a path to a fixture folder or GGUF resolves directly; unknown names list where they looked")
    func directAndMissing() throws {
        let locator = ModelLocator(
            environment: ["HF_HUB_CACHE": "/nonexistent"], bundledModels: Fixtures.url("models"))
        let folder = Fixtures.url("models/gpt2-tiny")
        #expect(try locator.resolve(folder.path) == .folder(folder))
        #expect(try locator.resolve("gpt2-tiny") == .folder(Fixtures.url("models/gpt2-tiny")))
        let gguf = Fixtures.url("models/llama-tiny/llama-tiny-q.gguf")
        #expect(try locator.resolve(gguf.path) == .gguf(gguf))
        #expect(throws: ModelFilesError.self) { try locator.resolve("no/such-model") }
        let w = try openWeights(at: .gguf(gguf))
        #expect(w is GGUFFile)
    }
}
