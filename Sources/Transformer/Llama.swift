// Llama, as in HF modeling_llama.py (RMSNorm, RoPE with rotate_half, GQA, SwiGLU), run by the shared
// decoder (`DecoderModel`); GGUF names as llama.cpp's "blk.%d.attn_q", with Q/K rows un-permuted on load.
import ModelFiles

/// Llama's `config.json`: the shared decoder fields (`rope_scaling` of type `llama3` included).
public struct LlamaConfig: Decodable, Sendable, Equatable {
    public var decoder: DecoderConfig

    public init(from decoder: any Decoder) throws { self.decoder = try DecoderConfig(from: decoder) }

    /// Reads the `llama.*` metadata of a GGUF file (RoPE base 10000 unless it says).
    init(gguf m: GGUFMetadata, vocabularySize: Int) throws {
        decoder = try DecoderConfig(gguf: m, vocabularySize: vocabularySize)
        decoder.ropeTheta = decoder.ropeTheta ?? 10_000
    }

    /// Untied by default (LlamaConfig); no sliding window.
    /// - Parameter gguf: the weights come from a GGUF file, whose Q/K rows are permuted
    func layout(source: String, gguf: Bool) throws -> DecoderLayout {
        var layout = try decoder.baseLayout(tiedByDefault: false, source: source)
        layout.qkPermutedForGGUF = gguf
        return layout
    }
}
