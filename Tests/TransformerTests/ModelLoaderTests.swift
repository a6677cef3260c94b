import Foundation
import ModelFiles
import TestScratch
import Testing
@testable import Transformer

/// Loader errors for broken folders, and what a loaded model reports about itself.
@Suite("ModelLoader")
struct ModelLoaderTests {
    /// A temporary folder holding one `config.json`.
    func folder(config: String) throws -> URL {
        let dir = try TestScratch.folder("config")
        try Data(config.utf8).write(to: dir.appendingPathComponent("config.json"))
        return dir
    }

    @Test("a folder without config.json fails with missingConfig")
    func noConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: TransformerError.missingConfig(folder: dir.path)) {
            try ModelLoader.load(.folder(dir))
        }
    }

    @Test("an unknown model_type fails with unsupportedArchitecture naming it")
    func unknownType() throws {
        let dir = try folder(config: #"{"model_type": "bert", "hidden_size": 8}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: TransformerError.unsupportedArchitecture("bert")) {
            try ModelLoader.load(.folder(dir))
        }
    }

    @Test("a Llama config.json without num_hidden_layers fails with missingConfigField")
    func missingField() throws {
        let config =
            #"{"model_type": "llama", "hidden_size": 64, "intermediate_size": 160, "#
            + #""num_attention_heads": 4, "vocab_size": 10}"#
        let dir = try folder(config: config)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("config.json").path
        #expect(throws: TransformerError.missingConfigField(field: "num_hidden_layers", source: path)) {
            try ModelLoader.load(.folder(dir))
        }
    }

    @Test("the registry maps model_type and general.architecture to families")
    func registry() throws {
        #expect(try ModelRegistry.family(modelType: "opt") == .opt)
        #expect(try ModelRegistry.family(ggufArchitecture: "llama") == .llama)
        #expect(throws: TransformerError.unsupportedArchitecture("mamba")) {
            try ModelRegistry.family(ggufArchitecture: "mamba")
        }
    }

    @Test("llama-tiny's GGUF gives the same info as its folder, and a tokenizer from tokenizer.ggml.*")
    func ggufInfo() throws {
        let folder = try ModelLoader.load(.folder(Fixtures.model("llama-tiny")))
        let gguf = try ModelLoader.load(
            .gguf(Fixtures.model("llama-tiny").appendingPathComponent("llama-tiny-f32.gguf")))
        var expected = folder.model.info
        expected.name = "llama-tiny-f32"
        #expect(gguf.model.info.layers == expected.layers && gguf.model.info.kvHeads == 2)
        #expect(gguf.model.info.width == 64 && gguf.model.info.vocabularySize == 49152)
        #expect(gguf.displayName == "llama-tiny-f32")
        let tokenizer = try #require(gguf.tokenizer)
        #expect(try tokenizer.encode("The world is full of amazing") == [504, 905, 314, 2073, 282, 5485])
    }

    @Test("a Hugging Face cache snapshot is shown as ORG/NAME")
    func cacheDisplayName() {
        let url = URL(fileURLWithPath: "/c/hub/models--HuggingFaceTB--SmolLM2-135M/snapshots/abc123")
        #expect(ModelLoader.displayName(folder: url) == "HuggingFaceTB/SmolLM2-135M")
    }
}
