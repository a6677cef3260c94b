import Foundation
import ModelFiles
import Testing
@testable import Transformer

/// The bundled default model against transformers' run of the same GGUF dequantized to F32.
@Suite("SmolLM2 default model")
struct SmolLM2Tests {
    /// `$TOKENGEN_MODELS_DIR`, else `<package root>/data/models/` (where `make test` puts it).
    static var modelURL: URL {
        let name = "SmolLM2-135M-Instruct.Q4_1.gguf"
        if let dir = ProcessInfo.processInfo.environment["TOKENGEN_MODELS_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent(name)
        }
        return Fixtures.packageRoot.appendingPathComponent("data/models/\(name)")
    }

    @Test("SmolLM2-135M Q4_1 GGUF reproduces the reference: resid, attention, logits and lens at every layer")
    func matchesReference() throws {
        let url = Self.modelURL
        try #require(
            FileManager.default.fileExists(atPath: url.path),
            "default model missing at \(url.path): run the set-up (make test fetches it)")
        let loaded = try ModelLoader.load(.gguf(url))
        let info = loaded.model.info
        #expect(info.layers == 30 && info.heads == 9 && info.kvHeads == 3 && info.width == 576)
        #expect(info.vocabularySize == 49152 && info.contextLength == 8192)
        let tol = Tolerances(resid: nil, residRelative: 1e-4, attention: 1e-4, logits: 2e-3, logProbs: 1e-3)
        try checkAgainstReference(
            loaded.model, reference: Fixtures.root.appendingPathComponent("reference/smollm2.safetensors"),
            tolerances: tol)
        let tokenizer = try #require(loaded.tokenizer)
        #expect(try tokenizer.encode("The world is full of amazing") == [504, 905, 314, 2073, 282, 5485])
    }
}
