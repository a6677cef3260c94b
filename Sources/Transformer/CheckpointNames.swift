/// Every tensor name TokenGen reads, for each family and checkpoint convention, in one table
/// (as llama.cpp's `llama-arch.cpp`). Block names carry `{l}` for the 0-based block index.
enum TensorRole: Hashable, Sendable {
    case tokenEmbedding, positionEmbedding, finalNorm, finalNormBias, output, projectIn, projectOut
    case attnNorm, attnNormBias, ffnNorm, ffnNormBias
    case q, qBias, k, kBias, v, vBias, qkv, qkvBias, attnOut, attnOutBias
    case ffnGate, ffnUp, ffnUpBias, ffnDown, ffnDownBias
    /// Qwen3 / Gemma 3 per-head RMSNorm of q and k.
    case qNorm, kNorm
    /// Gemma's norms of the attention output and of the MLP output.
    case postAttnNorm, postFFNorm
    /// Phi-3's fused `[gate; up]`.
    case ffnGateUp
}

/// The naming convention of a checkpoint.
enum NameConvention: Sendable {
    /// Hugging Face `state_dict` names (safetensors, pytorch_model.bin).
    case huggingFace
    /// llama.cpp's GGUF names.
    case gguf
}

enum CheckpointNames {
    /// The tensor name for `role` in block `layer` (ignored for global tensors).
    static func name(_ role: TensorRole, family: ModelFamily, convention: NameConvention, layer: Int = 0)
        -> String
    {
        let table: [TensorRole: String]
        switch (family, convention) {
        case (.gpt2, .huggingFace): table = gpt2HF
        case (.opt, .huggingFace): table = optHF
        case (.llama, .huggingFace), (.mistral, .huggingFace), (.qwen2, .huggingFace),
            (.qwen3, .huggingFace):
            table = llamaHF
        case (.gemma2, .huggingFace), (.gemma3, .huggingFace): table = gemmaHF
        case (.phi3, .huggingFace): table = phi3HF
        case (.gptNeoX, .huggingFace): table = gptNeoXHF
        case (_, .gguf): table = gguf
        }
        let pattern = table[role] ?? "<no \(role) in \(family)>"
        return pattern.replacingOccurrences(of: "{l}", with: String(layer))
    }

    static let gpt2HF: [TensorRole: String] = [
        .tokenEmbedding: "transformer.wte.weight", .positionEmbedding: "transformer.wpe.weight",
        .finalNorm: "transformer.ln_f.weight", .finalNormBias: "transformer.ln_f.bias",
        .output: "lm_head.weight",
        .attnNorm: "transformer.h.{l}.ln_1.weight", .attnNormBias: "transformer.h.{l}.ln_1.bias",
        .qkv: "transformer.h.{l}.attn.c_attn.weight", .qkvBias: "transformer.h.{l}.attn.c_attn.bias",
        .attnOut: "transformer.h.{l}.attn.c_proj.weight",
        .attnOutBias: "transformer.h.{l}.attn.c_proj.bias",
        .ffnNorm: "transformer.h.{l}.ln_2.weight", .ffnNormBias: "transformer.h.{l}.ln_2.bias",
        .ffnUp: "transformer.h.{l}.mlp.c_fc.weight", .ffnUpBias: "transformer.h.{l}.mlp.c_fc.bias",
        .ffnDown: "transformer.h.{l}.mlp.c_proj.weight",
        .ffnDownBias: "transformer.h.{l}.mlp.c_proj.bias",
    ]

    static let optHF: [TensorRole: String] = [
        .tokenEmbedding: "model.decoder.embed_tokens.weight",
        .positionEmbedding: "model.decoder.embed_positions.weight",
        .finalNorm: "model.decoder.final_layer_norm.weight",
        .finalNormBias: "model.decoder.final_layer_norm.bias",
        .projectIn: "model.decoder.project_in.weight", .projectOut: "model.decoder.project_out.weight",
        .output: "lm_head.weight",
        .attnNorm: "model.decoder.layers.{l}.self_attn_layer_norm.weight",
        .attnNormBias: "model.decoder.layers.{l}.self_attn_layer_norm.bias",
        .q: "model.decoder.layers.{l}.self_attn.q_proj.weight",
        .qBias: "model.decoder.layers.{l}.self_attn.q_proj.bias",
        .k: "model.decoder.layers.{l}.self_attn.k_proj.weight",
        .kBias: "model.decoder.layers.{l}.self_attn.k_proj.bias",
        .v: "model.decoder.layers.{l}.self_attn.v_proj.weight",
        .vBias: "model.decoder.layers.{l}.self_attn.v_proj.bias",
        .attnOut: "model.decoder.layers.{l}.self_attn.out_proj.weight",
        .attnOutBias: "model.decoder.layers.{l}.self_attn.out_proj.bias",
        .ffnNorm: "model.decoder.layers.{l}.final_layer_norm.weight",
        .ffnNormBias: "model.decoder.layers.{l}.final_layer_norm.bias",
        .ffnUp: "model.decoder.layers.{l}.fc1.weight", .ffnUpBias: "model.decoder.layers.{l}.fc1.bias",
        .ffnDown: "model.decoder.layers.{l}.fc2.weight", .ffnDownBias: "model.decoder.layers.{l}.fc2.bias",
    ]

    /// Llama, Mistral, Qwen2 (q/k/v biases), Qwen3 (q/k norms).
    static let llamaHF: [TensorRole: String] = [
        .tokenEmbedding: "model.embed_tokens.weight", .finalNorm: "model.norm.weight",
        .output: "lm_head.weight",
        .attnNorm: "model.layers.{l}.input_layernorm.weight",
        .q: "model.layers.{l}.self_attn.q_proj.weight", .k: "model.layers.{l}.self_attn.k_proj.weight",
        .v: "model.layers.{l}.self_attn.v_proj.weight", .attnOut: "model.layers.{l}.self_attn.o_proj.weight",
        .qBias: "model.layers.{l}.self_attn.q_proj.bias", .kBias: "model.layers.{l}.self_attn.k_proj.bias",
        .vBias: "model.layers.{l}.self_attn.v_proj.bias",
        .attnOutBias: "model.layers.{l}.self_attn.o_proj.bias",
        .qNorm: "model.layers.{l}.self_attn.q_norm.weight",
        .kNorm: "model.layers.{l}.self_attn.k_norm.weight",
        .ffnNorm: "model.layers.{l}.post_attention_layernorm.weight",
        .ffnGate: "model.layers.{l}.mlp.gate_proj.weight", .ffnUp: "model.layers.{l}.mlp.up_proj.weight",
        .ffnDown: "model.layers.{l}.mlp.down_proj.weight",
    ]

    /// Gemma 2 and 3: Llama's names, except that `post_attention_layernorm` norms the attention output
    /// and `pre_feedforward_layernorm` is the MLP's input norm.
    static let gemmaHF: [TensorRole: String] = llamaHF.merging([
        .postAttnNorm: "model.layers.{l}.post_attention_layernorm.weight",
        .ffnNorm: "model.layers.{l}.pre_feedforward_layernorm.weight",
        .postFFNorm: "model.layers.{l}.post_feedforward_layernorm.weight",
    ]) { $1 }

    /// Phi-3: fused `qkv_proj` and `gate_up_proj`.
    static let phi3HF: [TensorRole: String] = llamaHF.merging([
        .qkv: "model.layers.{l}.self_attn.qkv_proj.weight",
        .ffnGateUp: "model.layers.{l}.mlp.gate_up_proj.weight",
    ]) { $1 }

    /// GPT-NeoX / Pythia (`query_key_value` rows grouped per head).
    static let gptNeoXHF: [TensorRole: String] = [
        .tokenEmbedding: "gpt_neox.embed_in.weight", .output: "embed_out.weight",
        .finalNorm: "gpt_neox.final_layer_norm.weight", .finalNormBias: "gpt_neox.final_layer_norm.bias",
        .attnNorm: "gpt_neox.layers.{l}.input_layernorm.weight",
        .attnNormBias: "gpt_neox.layers.{l}.input_layernorm.bias",
        .qkv: "gpt_neox.layers.{l}.attention.query_key_value.weight",
        .qkvBias: "gpt_neox.layers.{l}.attention.query_key_value.bias",
        .attnOut: "gpt_neox.layers.{l}.attention.dense.weight",
        .attnOutBias: "gpt_neox.layers.{l}.attention.dense.bias",
        .ffnNorm: "gpt_neox.layers.{l}.post_attention_layernorm.weight",
        .ffnNormBias: "gpt_neox.layers.{l}.post_attention_layernorm.bias",
        .ffnUp: "gpt_neox.layers.{l}.mlp.dense_h_to_4h.weight",
        .ffnUpBias: "gpt_neox.layers.{l}.mlp.dense_h_to_4h.bias",
        .ffnDown: "gpt_neox.layers.{l}.mlp.dense_4h_to_h.weight",
        .ffnDownBias: "gpt_neox.layers.{l}.mlp.dense_4h_to_h.bias",
    ]

    /// llama.cpp's names, shared by every architecture.
    static let gguf: [TensorRole: String] = [
        .tokenEmbedding: "token_embd.weight", .positionEmbedding: "position_embd.weight",
        .finalNorm: "output_norm.weight", .finalNormBias: "output_norm.bias", .output: "output.weight",
        .attnNorm: "blk.{l}.attn_norm.weight", .attnNormBias: "blk.{l}.attn_norm.bias",
        .q: "blk.{l}.attn_q.weight", .qBias: "blk.{l}.attn_q.bias",
        .k: "blk.{l}.attn_k.weight", .kBias: "blk.{l}.attn_k.bias",
        .v: "blk.{l}.attn_v.weight", .vBias: "blk.{l}.attn_v.bias",
        .qkv: "blk.{l}.attn_qkv.weight", .qkvBias: "blk.{l}.attn_qkv.bias",
        .attnOut: "blk.{l}.attn_output.weight", .attnOutBias: "blk.{l}.attn_output.bias",
        .ffnNorm: "blk.{l}.ffn_norm.weight", .ffnNormBias: "blk.{l}.ffn_norm.bias",
        .ffnGate: "blk.{l}.ffn_gate.weight",
        .ffnUp: "blk.{l}.ffn_up.weight", .ffnUpBias: "blk.{l}.ffn_up.bias",
        .ffnDown: "blk.{l}.ffn_down.weight", .ffnDownBias: "blk.{l}.ffn_down.bias",
        .qNorm: "blk.{l}.attn_q_norm.weight", .kNorm: "blk.{l}.attn_k_norm.weight",
        .postAttnNorm: "blk.{l}.post_attention_norm.weight", .postFFNorm: "blk.{l}.post_ffw_norm.weight",
        // Phi-3's converter keeps gate_up fused under the `ffn_up` name (2F rows).
        .ffnGateUp: "blk.{l}.ffn_up.weight",
    ]
}
