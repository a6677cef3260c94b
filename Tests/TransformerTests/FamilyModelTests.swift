import Foundation
import ModelFiles
import Testing
@testable import Transformer

/// The families of issue 11, each from its Hugging Face folder (and GGUF where the fixtures have one),
/// against its transformers reference (resid, attention, logits, lens top-20 at every layer).
@Suite("Family models match transformers")
struct FamilyModelTests {
    func check(_ location: ModelLocation, family: ModelFamily) throws {
        let loaded = try ModelLoader.load(location)
        let model = loaded.model
        #expect(model.info.family == family)
        #expect(loaded.tokenizer != nil, "the folder's or GGUF's tokenizer loads with the model")
        let folder: URL
        switch location {
        case .folder(let url): folder = url
        case .gguf(let url): folder = url.deletingLastPathComponent()
        }
        try checkAgainstReference(
            model, reference: folder.appendingPathComponent("reference.safetensors"), tolerances: .init())
    }

    @Test("mistral-tiny: GQA 4/2, explicit head_dim, untied lm_head")
    func mistral() throws { try check(.folder(Fixtures.model("mistral-tiny")), family: .mistral) }

    @Test("qwen2-tiny from F16 safetensors: q/k/v biases, rope θ 1e6, tied")
    func qwen2() throws { try check(.folder(Fixtures.model("qwen2-tiny")), family: .qwen2) }

    @Test("qwen2-tiny from its F32 GGUF")
    func qwen2GGUF() throws {
        let url = Fixtures.model("qwen2-tiny").appendingPathComponent("qwen2-tiny-f32.gguf")
        try check(.gguf(url), family: .qwen2)
    }

    @Test("qwen3-tiny: head_dim 32 ≠ hidden/heads, per-head q/k RMSNorm before RoPE")
    func qwen3() throws { try check(.folder(Fixtures.model("qwen3-tiny")), family: .qwen3) }

    @Test("phi3-tiny: fused qkv_proj and gate_up_proj, partial rotary 0.75, untied")
    func phi3() throws { try check(.folder(Fixtures.model("phi3-tiny")), family: .phi3) }

    @Test("pythia-tiny: parallel residual, per-head fused QKV, rotary_pct 0.25, exact GELU, untied")
    func pythia() throws { try check(.folder(Fixtures.model("pythia-tiny")), family: .gptNeoX) }

    @Test("gemma2-tiny: (1 + w) norms, √D embedding, soft-capping in attention and lens, window 4")
    func gemma2() throws { try check(.folder(Fixtures.model("gemma2-tiny")), family: .gemma2) }

    @Test("gemma3-tiny: q/k norms, sliding/full layers with RoPE bases 1e4 / 1e6")
    func gemma3() throws { try check(.folder(Fixtures.model("gemma3-tiny")), family: .gemma3) }

    @Test("gemma3-tiny from its F32 GGUF (norms stored as 1 + w, embedding scaled at run time)")
    func gemma3GGUF() throws {
        let url = Fixtures.model("gemma3-tiny").appendingPathComponent("gemma3-tiny-f32.gguf")
        try check(.gguf(url), family: .gemma3)
    }
}
