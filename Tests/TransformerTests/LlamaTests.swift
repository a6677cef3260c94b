import Foundation
import ModelFiles
import Testing
@testable import Transformer

@Suite("Llama")
struct LlamaTests {
    @Test("llama-tiny from safetensors matches the transformers reference (resid, attention, logits, lens)")
    func tinySafetensors() throws {
        let folder = Fixtures.model("llama-tiny")
        let loaded = try ModelLoader.load(.folder(folder))
        #expect(loaded.model.info.family == .llama)
        #expect(loaded.model.info.kvHeads == 2)
        try checkAgainstReference(
            loaded.model, reference: folder.appendingPathComponent("reference.safetensors"),
            tolerances: .init())
    }
}
