import Foundation
import ModelFiles
import Testing
@testable import Transformer

/// Real checkpoints' `config.json` texts as the Hub serves them, with random weights of the real names
/// and shapes: the loader must read every field the way transformers does and run one forward.
/// Only the vocabulary of Qwen2.5 and Gemma 3 is cut (to 32768) to keep the test's memory small.
@Suite("Real configs load and run")
struct RealConfigTests {
    func load(config: String, weights: RandomWeights) throws -> LoadedModel {
        let dir = try CheckpointWriter.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(config.utf8).write(to: dir.appendingPathComponent("config.json"))
        return try ModelLoader.load(folder: dir, weights: weights)
    }

    /// Finite logits and attention rows that sum to 1.
    func checkRuns(_ model: any LanguageModel, tokens: Int) throws -> ForwardResult {
        let ids = (0..<tokens).map { ($0 * 7919) % model.info.vocabularySize }
        let result = try model.forward(ids: ids)
        let finite = result.logitsLast.values.allSatisfy { $0.isFinite }
        #expect(finite)
        #expect(result.resid.shape == [model.info.layers + 1, tokens, model.info.width])
        let a = result.attention.patterns().values
        for row in stride(from: 0, to: a.count, by: tokens) where row % 97 == 0 {
            let sum = a[row..<(row + tokens)].reduce(0, +)
            #expect(abs(sum - 1) < 1e-4)
        }
        return result
    }

    @Test(
        "Qwen2.5-0.5B: hidden 896, 24 layers, 14 heads, 2 KV heads, tied, no window (use_sliding_window false)"
    )
    func qwen25() throws {
        let config = """
            {"architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
             "eos_token_id": 151643, "hidden_act": "silu", "hidden_size": 896, "initializer_range": 0.02,
             "intermediate_size": 4864, "max_position_embeddings": 32768, "max_window_layers": 24,
             "model_type": "qwen2", "num_attention_heads": 14, "num_hidden_layers": 24, "num_key_value_heads": 2,
             "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": true,
             "torch_dtype": "bfloat16", "transformers_version": "4.40.1", "use_cache": true, "use_mrope": false,
             "use_sliding_window": false, "vocab_size": 32768}
            """
        let (v, d, f) = (32768, 896, 4864)
        var shapes: [(String, [Int])] = [("model.embed_tokens.weight", [v, d]), ("model.norm.weight", [d])]
        for l in 0..<24 {
            let p = "model.layers.\(l)."
            shapes += [
                (p + "input_layernorm.weight", [d]), (p + "post_attention_layernorm.weight", [d]),
                (p + "self_attn.q_proj.weight", [896, d]), (p + "self_attn.q_proj.bias", [896]),
                (p + "self_attn.k_proj.weight", [128, d]), (p + "self_attn.k_proj.bias", [128]),
                (p + "self_attn.v_proj.weight", [128, d]), (p + "self_attn.v_proj.bias", [128]),
                (p + "self_attn.o_proj.weight", [d, 896]), (p + "mlp.gate_proj.weight", [f, d]),
                (p + "mlp.up_proj.weight", [f, d]), (p + "mlp.down_proj.weight", [d, f]),
            ]
        }
        let loaded = try load(config: config, weights: RandomWeights(shapes))
        let info = loaded.model.info
        #expect(info.family == .qwen2)
        #expect([info.layers, info.heads, info.kvHeads, info.width] as [Int] == [24, 14, 2, 896])
        let model = try #require(loaded.model as? DecoderModel)
        #expect(model.layout.headDim == 64)
        let plain = model.layout.layers.allSatisfy { $0.window == nil && $0.ropeTheta == 1_000_000 }
        #expect(plain)
        #expect(model.unembedding.p == model.embedding.p)
        #expect(model.blocks[0].qBias != nil && model.blocks[0].attnOutBias == nil)
        _ = try checkRuns(model, tokens: 6)
    }

    @Test("Gemma-3-270m: head_dim 256, 1 KV head, window 512 with one global layer in six, RoPE 1e4 / 1e6")
    func gemma3() throws {
        let types = (0..<18).map { ($0 + 1) % 6 == 0 ? "\"full_attention\"" : "\"sliding_attention\"" }
        let config = """
            {"_sliding_window_pattern": 6, "architectures": ["Gemma3ForCausalLM"], "attention_bias": false,
             "attention_dropout": 0.0, "attn_logit_softcapping": null, "bos_token_id": 2, "eos_token_id": 1,
             "final_logit_softcapping": null, "head_dim": 256, "hidden_activation": "gelu_pytorch_tanh",
             "hidden_size": 640, "initializer_range": 0.02, "intermediate_size": 2048,
             "layer_types": [\(types.joined(separator: ", "))], "max_position_embeddings": 32768,
             "model_type": "gemma3_text", "num_attention_heads": 4, "num_hidden_layers": 18,
             "num_key_value_heads": 1, "pad_token_id": 0, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06,
             "rope_local_base_freq": 10000.0, "rope_scaling": null, "rope_theta": 1000000.0,
             "sliding_window": 512, "torch_dtype": "bfloat16", "transformers_version": "4.55.0.dev0",
             "use_bidirectional_attention": false, "use_cache": true, "vocab_size": 32768}
            """
        let (v, d, f) = (32768, 640, 2048)
        var shapes: [(String, [Int])] = [("model.embed_tokens.weight", [v, d]), ("model.norm.weight", [d])]
        for l in 0..<18 {
            let p = "model.layers.\(l)."
            shapes += [
                (p + "input_layernorm.weight", [d]), (p + "post_attention_layernorm.weight", [d]),
                (p + "pre_feedforward_layernorm.weight", [d]), (p + "post_feedforward_layernorm.weight", [d]),
                (p + "self_attn.q_proj.weight", [1024, d]), (p + "self_attn.k_proj.weight", [256, d]),
                (p + "self_attn.v_proj.weight", [256, d]), (p + "self_attn.o_proj.weight", [d, 1024]),
                (p + "self_attn.q_norm.weight", [256]), (p + "self_attn.k_norm.weight", [256]),
                (p + "mlp.gate_proj.weight", [f, d]), (p + "mlp.up_proj.weight", [f, d]),
                (p + "mlp.down_proj.weight", [d, f]),
            ]
        }
        let loaded = try load(config: config, weights: RandomWeights(shapes))
        let info = loaded.model.info
        #expect(info.family == .gemma3)
        #expect([info.layers, info.heads, info.kvHeads, info.width] as [Int] == [18, 4, 1, 640])
        let model = try #require(loaded.model as? DecoderModel)
        let c = model.layout
        #expect(c.headDim == 256)
        #expect(c.attentionScale == Float(1) / 16)
        #expect(c.embeddingScale == Float(Double(640).squareRoot()))
        for (l, layer) in c.layers.enumerated() {
            let global = (l + 1) % 6 == 0
            #expect(layer.window == (global ? nil : 512), "layer \(l)")
            #expect(layer.ropeTheta == (global ? 1e6 : 1e4), "layer \(l)")
        }
        // 520 tokens: the last query of a sliding layer no longer sees the first keys; a global one does.
        let t = 520
        let result = try checkRuns(model, tokens: t)
        let a = result.attention.patterns().values
        let lastRow = { (layer: Int) in (layer * 4 * t + (t - 1)) * t }  // head 0, query t-1
        #expect(a[lastRow(0)..<(lastRow(0) + t - 512)].allSatisfy { $0 == 0 })
        #expect(a[lastRow(0) + t - 512] > 0)
        #expect(a[lastRow(5)] > 0)
    }

    @Test("Pythia-70m: hidden 512, 6 layers, 8 heads, rotary_pct 0.25, untied embed_out")
    func pythia70m() throws {
        let config = """
            {"architectures": ["GPTNeoXForCausalLM"], "bos_token_id": 0, "eos_token_id": 0, "hidden_act": "gelu",
             "hidden_size": 512, "initializer_range": 0.02, "intermediate_size": 2048, "layer_norm_eps": 1e-05,
             "max_position_embeddings": 2048, "model_type": "gpt_neox", "num_attention_heads": 8,
             "num_hidden_layers": 6, "rotary_emb_base": 10000, "rotary_pct": 0.25, "tie_word_embeddings": false,
             "torch_dtype": "float16", "transformers_version": "4.24.0", "use_cache": true,
             "use_parallel_residual": true, "vocab_size": 50304}
            """
        let (v, d, f) = (50304, 512, 2048)
        var shapes: [(String, [Int])] = [
            ("gpt_neox.embed_in.weight", [v, d]), ("gpt_neox.final_layer_norm.weight", [d]),
            ("gpt_neox.final_layer_norm.bias", [d]), ("embed_out.weight", [v, d]),
        ]
        for l in 0..<6 {
            let p = "gpt_neox.layers.\(l)."
            shapes += [
                (p + "input_layernorm.weight", [d]), (p + "input_layernorm.bias", [d]),
                (p + "post_attention_layernorm.weight", [d]), (p + "post_attention_layernorm.bias", [d]),
                (p + "attention.query_key_value.weight", [3 * d, d]),
                (p + "attention.query_key_value.bias", [3 * d]),
                (p + "attention.dense.weight", [d, d]), (p + "attention.dense.bias", [d]),
                (p + "attention.rotary_emb.inv_freq", [8]),
                (p + "mlp.dense_h_to_4h.weight", [f, d]), (p + "mlp.dense_h_to_4h.bias", [f]),
                (p + "mlp.dense_4h_to_h.weight", [d, f]), (p + "mlp.dense_4h_to_h.bias", [d]),
            ]
        }
        let loaded = try load(config: config, weights: RandomWeights(shapes))
        let info = loaded.model.info
        #expect(info.family == .gptNeoX)
        #expect(
            [info.layers, info.heads, info.kvHeads, info.width, info.vocabularySize] as [Int] == [
                6, 8, 8, 512, 50304,
            ])
        let model = try #require(loaded.model as? GPTNeoXModel)
        #expect(model.config.rotaryDims == 16)
        #expect(model.config.theta == 10_000)
        #expect(model.config.parallel)
        #expect(model.unembedding.p != model.embedding.p)
        _ = try checkRuns(model, tokens: 7)
    }
}
