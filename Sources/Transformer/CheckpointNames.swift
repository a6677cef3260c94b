/// Every tensor name TokenGen reads, for each family and checkpoint convention, in one table
/// (as llama.cpp's `llama-arch.cpp`). Block names carry `{l}` for the 0-based block index.
enum TensorRole: Hashable, Sendable {
    case tokenEmbedding, positionEmbedding, finalNorm, finalNormBias, output, projectIn, projectOut
    case attnNorm, attnNormBias, ffnNorm, ffnNormBias
    case q, qBias, k, kBias, v, vBias, qkv, qkvBias, attnOut, attnOutBias
    case ffnGate, ffnUp, ffnUpBias, ffnDown, ffnDownBias
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
        case (.llama, .huggingFace): table = llamaHF
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

    static let llamaHF: [TensorRole: String] = [
        .tokenEmbedding: "model.embed_tokens.weight", .finalNorm: "model.norm.weight",
        .output: "lm_head.weight",
        .attnNorm: "model.layers.{l}.input_layernorm.weight",
        .q: "model.layers.{l}.self_attn.q_proj.weight", .k: "model.layers.{l}.self_attn.k_proj.weight",
        .v: "model.layers.{l}.self_attn.v_proj.weight", .attnOut: "model.layers.{l}.self_attn.o_proj.weight",
        .ffnNorm: "model.layers.{l}.post_attention_layernorm.weight",
        .ffnGate: "model.layers.{l}.mlp.gate_proj.weight", .ffnUp: "model.layers.{l}.mlp.up_proj.weight",
        .ffnDown: "model.layers.{l}.mlp.down_proj.weight",
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
    ]
}
