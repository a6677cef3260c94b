// Qwen3, as in HF modeling_qwen3.py: Qwen2 without biases, with `head_dim` independent of hidden / heads
// and an RMSNorm (x·w) over each head's q and k before RoPE; GGUF names as llama.cpp's
// "blk.%d.attn_q_norm".
import ModelFiles

/// Qwen3's `config.json`: the shared decoder fields plus Qwen2's window switches.
public struct Qwen3Config: Decodable, Sendable, Equatable {
    public var qwen2: Qwen2Config

    public init(from decoder: any Decoder) throws { qwen2 = try Qwen2Config(from: decoder) }

    /// Reads the `qwen3.*` metadata of a GGUF file (`attention.key_length` is the head width).
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        qwen2 = try Qwen2Config(gguf: m, vocabularySize: vocabularySize)
    }

    func layout(source: String) throws -> DecoderLayout {
        var layout = try qwen2.layout(source: source)
        layout.qkNorm = true
        return layout
    }
}
