/// Everything that can go wrong while loading or using a tokenizer, with what the user can do about it.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// No file at `path`.
    case fileNotFound(path: String)
    /// The file exists but could not be read (permissions, I/O error).
    case unreadableFile(path: String, reason: String)
    /// The file was read but its content is not a valid tokenizer description.
    case corruptFile(path: String, reason: String)
    /// The tokenizer uses a feature this module does not implement (another model type, pre-tokenizer, ...).
    case unsupported(feature: String, source: String)
    /// A merge names a token that is not in the vocabulary (or whose concatenation is not).
    case mergeOutOfVocabulary(merge: String, source: String)
    /// A token id outside `0 ..< vocabularySize`, or a hole in the vocabulary.
    case idOutOfVocabulary(id: Int, vocabularySize: Int)
    /// A named special token (e.g. a BOS) is not in the vocabulary.
    case tokenNotInVocabulary(token: String, source: String)
    /// The tokenizer must add a BOS but no BOS id is known.
    case missingBOS(source: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "Tokenizer file not found at \(path). Check the model folder contains it "
                + "(tokenizer.json, or vocab.json and merges.txt)."
        case .unreadableFile(let path, let reason):
            return "Cannot read tokenizer file \(path): \(reason). Check its permissions."
        case .corruptFile(let path, let reason):
            return
                "Tokenizer file \(path) is not valid: \(reason). Re-download it from the model's repository."
        case .unsupported(let feature, let source):
            return "\(source) uses \(feature), which TokenGen does not support yet; "
                + "supported are BPE tokenizers, byte-level (GPT-2, OPT, Llama 3, Qwen2, GPT-NeoX style) or "
                + "SentencePiece-style (Llama 2, Mistral, Gemma, Phi-3), from tokenizer.json or GGUF."
        case .mergeOutOfVocabulary(let merge, let source):
            return "Merge \"\(merge)\" in \(source) refers to a token missing from the vocabulary; "
                + "the vocabulary and merges do not belong together. Re-download both files."
        case .idOutOfVocabulary(let id, let size):
            return "Token id \(id) is outside the vocabulary (0..<\(size)); "
                + "the ids were probably made by another tokenizer or model."
        case .tokenNotInVocabulary(let token, let source):
            return
                "Token \"\(token)\" named by \(source) is not in the vocabulary; check the tokenizer files."
        case .missingBOS(let source):
            return "\(source) asks to prepend a BOS token but gives no BOS id; "
                + "set the BOS id or turn BOS adding off."
        }
    }
}
