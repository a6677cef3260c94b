import Foundation
import ModelFiles
import Tokenizers

extension ModelLoader {
    /// `tokenizer.json`, else `vocab.json` + `merges.txt`, else nil (the model still loads; pass ids).
    static func folderTokenizer(_ folder: URL, family: ModelFamily) throws -> (any TextTokenizer)? {
        let fm = FileManager.default
        let json = folder.appendingPathComponent("tokenizer.json")
        if fm.fileExists(atPath: json.path) { return try BPETokenizer(tokenizerJSONURL: json) }
        let vocab = folder.appendingPathComponent("vocab.json")
        let merges = folder.appendingPathComponent("merges.txt")
        guard fm.fileExists(atPath: vocab.path), fm.fileExists(atPath: merges.path) else { return nil }
        switch family {
        case .opt:
            // OPT's tokenizer prepends </s> (id 2) to every prompt.
            return try BPETokenizer(
                vocabURL: vocab, mergesURL: merges, specialTokens: ["<s>", "<pad>", "</s>", "<unk>"],
                bosToken: "</s>", eosToken: "</s>")
        case .gpt2, .llama, .gptNeoX, .qwen2, .qwen3, .gemma2, .gemma3, .phi3, .mistral:
            return try BPETokenizer(
                vocabURL: vocab, mergesURL: merges, specialTokens: ["<|endoftext|>"],
                eosToken: "<|endoftext|>")
        }
    }

    /// The `tokenizer.ggml.*` keys as plain values, or nil when the file carries no tokenizer.
    /// `BPETokenizer(gguf:)` builds llama.cpp's tokenizer from them (byte-level BPE or SentencePiece).
    static func ggufTokenizerData(_ m: [String: GGUFValue]) throws -> GGUFTokenizerData? {
        guard let tokens = m["tokenizer.ggml.tokens"]?.array?.compactMap(\.string), !tokens.isEmpty else {
            return nil
        }
        let model = m["tokenizer.ggml.model"]?.string ?? "gpt2"
        return GGUFTokenizerData(
            model: model,
            pre: m["tokenizer.ggml.pre"]?.string,
            tokens: tokens,
            merges: m["tokenizer.ggml.merges"]?.array?.compactMap(\.string) ?? [],
            tokenTypes: m["tokenizer.ggml.token_type"]?.array?.compactMap(\.int),
            bosID: m["tokenizer.ggml.bos_token_id"]?.int,
            eosID: m["tokenizer.ggml.eos_token_id"]?.int,
            // llama.cpp's default: SentencePiece vocabularies add a BOS, byte-level ones do not.
            addBOS: m["tokenizer.ggml.add_bos_token"]?.bool ?? (model == "llama"),
            scores: m["tokenizer.ggml.scores"]?.array?.compactMap { $0.double.map(Float.init) },
            unknownID: m["tokenizer.ggml.unknown_token_id"]?.int,
            addSpacePrefix: m["tokenizer.ggml.add_space_prefix"]?.bool)
    }
}
