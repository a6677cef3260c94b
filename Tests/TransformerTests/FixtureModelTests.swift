import Foundation
import ModelFiles
import Testing
@testable import Transformer

/// Every fixture model, in every format it ships in, against its transformers reference.
@Suite("Fixture models match transformers")
struct FixtureModelTests {
    func check(_ location: ModelLocation, reference: String, family: ModelFamily, tol: Tolerances = .init())
        throws
    {
        let loaded = try ModelLoader.load(location)
        #expect(loaded.model.info.family == family)
        let folder: URL
        switch location {
        case .folder(let url): folder = url
        case .gguf(let url): folder = url.deletingLastPathComponent()
        }
        let ref = folder.appendingPathComponent(reference)
        try checkAgainstReference(loaded.model, reference: ref, tolerances: tol)
    }

    @Test("gpt2-tiny from safetensors (Conv1D weights transposed at load)")
    func gpt2Safetensors() throws {
        try check(.folder(Fixtures.model("gpt2-tiny")), reference: "reference.safetensors", family: .gpt2)
    }

    @Test("gpt2-tiny from its F32 GGUF (fused attn_qkv)")
    func gpt2GGUF() throws {
        let url = Fixtures.model("gpt2-tiny").appendingPathComponent("gpt2-tiny-f32.gguf")
        try check(.gguf(url), reference: "reference.safetensors", family: .gpt2)
    }

    @Test("opt-tiny (pre-LN) from F16 safetensors")
    func optSafetensors() throws {
        try check(.folder(Fixtures.model("opt-tiny")), reference: "reference.safetensors", family: .opt)
    }

    @Test("opt-tiny-postln (OPT-350m layout: post-LN, project_in/out, no final norm)")
    func optPostLN() throws {
        try check(
            .folder(Fixtures.model("opt-tiny-postln")), reference: "reference.safetensors", family: .opt)
    }

    @Test("llama-tiny from its F32 GGUF (Q/K rows un-permuted at load)")
    func llamaF32GGUF() throws {
        let url = Fixtures.model("llama-tiny").appendingPathComponent("llama-tiny-f32.gguf")
        try check(.gguf(url), reference: "reference.safetensors", family: .llama)
    }

    @Test("llama-tiny from its Q8_0/Q4_1 GGUF matches the dequantized reference within 1e-3")
    func llamaQuantGGUF() throws {
        let url = Fixtures.model("llama-tiny").appendingPathComponent("llama-tiny-q.gguf")
        let tol = Tolerances(resid: 1e-3, attention: 1e-3, logits: 1e-3, logProbs: 1e-3)
        try check(.gguf(url), reference: "reference-q.safetensors", family: .llama, tol: tol)
    }
}
