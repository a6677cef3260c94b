import Foundation
import ModelFiles
import Testing
@testable import Transformer

/// The GGUF architectures the fixtures have no file for (`qwen3`, `gemma2`, `phi3`, `gptneox`): each tiny
/// Hugging Face fixture is written as a GGUF the way llama.cpp's `convert_hf_to_gguf.py` does (its tensor
/// names, Gemma norms as 1 + w, GPT-NeoX's QKV re-stacked as [q; k; v], Phi-3's fused tensors kept), then
/// run against the same transformers reference.
@Suite("GGUF architectures in llama.cpp's naming")
struct GGUFConversionTests {
    /// llama.cpp's name for a Hugging Face tensor name, per `gguf.get_tensor_name_map`.
    static func ggufName(_ hf: String, gemma: Bool) -> String? {
        let globals = [
            "model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
            "lm_head.weight": "output.weight", "gpt_neox.embed_in.weight": "token_embd.weight",
            "gpt_neox.final_layer_norm.weight": "output_norm.weight",
            "gpt_neox.final_layer_norm.bias": "output_norm.bias", "embed_out.weight": "output.weight",
        ]
        if let g = globals[hf] { return g }
        let parts = hf.split(separator: ".").map(String.init)
        guard let i = parts.firstIndex(of: "layers"), i + 1 < parts.count, let l = Int(parts[i + 1]) else {
            return nil
        }
        let rest = parts[(i + 2)...].dropLast().joined(separator: ".")
        let suffix = parts.last ?? "weight"
        let block = [
            "input_layernorm": "attn_norm", "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k",
            "self_attn.v_proj": "attn_v", "self_attn.o_proj": "attn_output",
            "self_attn.q_norm": "attn_q_norm",
            "self_attn.k_norm": "attn_k_norm", "self_attn.qkv_proj": "attn_qkv",
            "post_attention_layernorm": gemma ? "post_attention_norm" : "ffn_norm",
            "pre_feedforward_layernorm": "ffn_norm", "post_feedforward_layernorm": "post_ffw_norm",
            "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up", "mlp.down_proj": "ffn_down",
            "mlp.gate_up_proj": "ffn_up", "attention.query_key_value": "attn_qkv",
            "attention.dense": "attn_output", "mlp.dense_h_to_4h": "ffn_up", "mlp.dense_4h_to_h": "ffn_down",
        ]
        guard let name = block[rest] else { return nil }
        return "blk.\(l).\(name).\(suffix)"
    }

    /// Converts fixture `folder` to a GGUF of `arch` with `metadata` (prefixed by the architecture).
    func convert(_ folder: String, arch: String, metadata: [(String, CheckpointWriter.Value)]) throws -> URL {
        let hf = try ReferenceFile(Fixtures.model(folder).appendingPathComponent("model.safetensors"))
        let gemma = arch.hasPrefix("gemma")
        var tensors: [NamedTensor] = []
        for name in hf.tensorNames {
            guard let target = Self.ggufName(name, gemma: gemma) else { continue }
            let t = try hf.tensor(name)
            var values = t.values
            if gemma, name.hasSuffix("norm.weight") { values = values.map { $0 + 1 } }
            if arch == "gptneox", name.contains("query_key_value") {
                values = Self.stackQKV(
                    values, heads: 4, headDim: 16, cols: t.shape.count == 2 ? t.shape[1] : 1)
            }
            tensors.append(NamedTensor(name: target, shape: t.shape, values: values))
        }
        let meta =
            [("general.architecture", CheckpointWriter.Value.string(arch))]
            + metadata.map { ("\(arch).\($0.0)", $0.1) }
        let url = try CheckpointWriter.temporaryFolder().appendingPathComponent("\(folder).gguf")
        try CheckpointWriter.gguf(metadata: meta, tensors: tensors).write(to: url)
        return url
    }

    /// `convert_hf_to_gguf.py`'s GPTNeoXModel: rows `[H][q, k, v][d]` → `[q, k, v][H][d]`.
    static func stackQKV(_ w: [Float], heads: Int, headDim: Int, cols: Int) -> [Float] {
        var out = w
        for h in 0..<heads {
            for part in 0..<3 {
                for r in 0..<(headDim * cols) {
                    out[((part * heads + h) * headDim) * cols + r] = w[((h * 3 + part) * headDim) * cols + r]
                }
            }
        }
        return out
    }

    func check(_ url: URL, fixture: String, family: ModelFamily) throws {
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let model = try ModelLoader.load(.gguf(url)).model
        #expect(model.info.family == family)
        try checkAgainstReference(
            model, reference: Fixtures.model(fixture).appendingPathComponent("reference.safetensors"),
            tolerances: .init())
    }

    /// The keys every tiny family shares: width 64, 3 blocks, 4 heads, context 128.
    func common(ffn: UInt32, kv: UInt32) -> [(String, CheckpointWriter.Value)] {
        [
            ("context_length", .u32(128)), ("embedding_length", .u32(64)), ("block_count", .u32(3)),
            ("feed_forward_length", .u32(ffn)), ("attention.head_count", .u32(4)),
            ("attention.head_count_kv", .u32(kv)),
        ]
    }

    @Test("qwen3: attn_q_norm / attn_k_norm, key_length 32")
    func qwen3() throws {
        let meta =
            common(ffn: 128, kv: 2) + [
                ("attention.key_length", .u32(32)), ("attention.value_length", .u32(32)),
                ("attention.layer_norm_rms_epsilon", .f32(1e-6)), ("rope.freq_base", .f32(1e6)),
            ]
        try check(
            try convert("qwen3-tiny", arch: "qwen3", metadata: meta), fixture: "qwen3-tiny", family: .qwen3)
    }

    @Test("gemma2: norms as 1 + w, soft-capping keys, window 4 on every other layer")
    func gemma2() throws {
        let meta =
            common(ffn: 128, kv: 2) + [
                ("attention.key_length", .u32(16)), ("attention.value_length", .u32(16)),
                ("attention.layer_norm_rms_epsilon", .f32(1e-6)), ("attention.sliding_window", .u32(4)),
                ("attn_logit_softcapping", .f32(50)), ("final_logit_softcapping", .f32(30)),
            ]
        try check(
            try convert("gemma2-tiny", arch: "gemma2", metadata: meta), fixture: "gemma2-tiny",
            family: .gemma2)
    }

    @Test("phi3: fused attn_qkv, gate and up fused in ffn_up, rope.dimension_count 12, output untied")
    func phi3() throws {
        let meta =
            common(ffn: 128, kv: 4) + [
                ("attention.layer_norm_rms_epsilon", .f32(1e-5)), ("rope.dimension_count", .u32(12)),
                ("rope.freq_base", .f32(10_000)),
            ]
        try check(try convert("phi3-tiny", arch: "phi3", metadata: meta), fixture: "phi3-tiny", family: .phi3)
    }

    @Test("gptneox: attn_qkv stacked [q; k; v], rope.dimension_count 4, parallel residual, output untied")
    func gptNeoX() throws {
        let meta =
            common(ffn: 256, kv: 4) + [
                ("attention.layer_norm_epsilon", .f32(1e-5)), ("rope.dimension_count", .u32(4)),
                ("use_parallel_residual", .bool(true)),
            ]
        try check(
            try convert("pythia-tiny", arch: "gptneox", metadata: meta), fixture: "pythia-tiny",
            family: .gptNeoX)
    }
}
