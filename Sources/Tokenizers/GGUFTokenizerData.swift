/// A GGUF file's `tokenizer.ggml.*` metadata as plain values, filled by the module that reads GGUF.
public struct GGUFTokenizerData: Sendable, Equatable {
    /// `tokenizer.ggml.model`; only `"gpt2"` (byte-level BPE) is supported.
    public var model: String
    /// `tokenizer.ggml.pre`, e.g. `"smollm"` (splits every digit first) or `"gpt-2"`.
    public var pre: String?
    /// `tokenizer.ggml.tokens`, in byte-level form, indexed by id.  // [V]
    public var tokens: [String]
    /// `tokenizer.ggml.merges`, each `"a b"`, in rank order.
    public var merges: [String]
    /// `tokenizer.ggml.token_type`: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.
    /// Indexed by id, like `tokens`.  // [V]
    public var tokenTypes: [Int]?
    /// `tokenizer.ggml.bos_token_id`.
    public var bosID: Int?
    /// `tokenizer.ggml.eos_token_id`.
    public var eosID: Int?
    /// `tokenizer.ggml.add_bos_token`.
    public var addBOS: Bool

    public init(
        model: String, pre: String?, tokens: [String], merges: [String], tokenTypes: [Int]?,
        bosID: Int?, eosID: Int?, addBOS: Bool
    ) {
        self.model = model
        self.pre = pre
        self.tokens = tokens
        self.merges = merges
        self.tokenTypes = tokenTypes
        self.bosID = bosID
        self.eosID = eosID
        self.addBOS = addBOS
    }
}

extension BPETokenizer {
    /// `tokenizer.ggml.pre` values this module reproduces, as llama.cpp's `llama-vocab.cpp` maps them.
    static let ggufPreTokenizers: [String: PreTokenizer] = [
        "gpt-2": PreTokenizer(), "gpt2": PreTokenizer(),
        "smollm": PreTokenizer(digits: .individual),
        "llama3": PreTokenizer(pattern: .llama3), "llama-v3": PreTokenizer(pattern: .llama3),
        "llama-bpe": PreTokenizer(pattern: .llama3),
    ]

    /// Builds the tokenizer llama.cpp would use for a GGUF: control (3) and user-defined (4) tokens are
    /// added tokens matched literally in text; `pre == "smollm"` splits every `\p{N}` character first;
    /// "llama-bpe" / "llama3" use the Llama-3 pattern and whole-word vocabulary hits (`ignore_merges`).
    /// A missing `pre` means the GPT-2 pattern.
    /// - Throws: `TokenizerError.unsupported` for another model or pre-tokenizer, `.mergeOutOfVocabulary`,
    ///   `.missingBOS`, `.idOutOfVocabulary`.
    public init(gguf data: GGUFTokenizerData) throws {
        let source = "GGUF tokenizer metadata"
        guard data.model == "gpt2" else {
            throw TokenizerError.unsupported(
                feature: "tokenizer.ggml.model \"\(data.model)\"", source: source)
        }
        guard let preTokenizer = Self.ggufPreTokenizers[data.pre ?? "gpt-2"] else {
            throw TokenizerError.unsupported(
                feature: "tokenizer.ggml.pre \"\(data.pre ?? "")\"", source: source)
        }
        if let types = data.tokenTypes, types.count != data.tokens.count {
            throw TokenizerError.corruptFile(
                path: source, reason: "\(types.count) token types for \(data.tokens.count) tokens")
        }
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(data.tokens.count)
        for (id, token) in data.tokens.enumerated() { vocabulary[token] = id }
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(data.merges.count)
        for merge in data.merges { pairs.append(try FileReading.mergePair(Substring(merge), source: source)) }
        var model = try BPEModel(
            vocabulary: vocabulary, tokensByID: data.tokens, merges: pairs, source: source)
        model.ignoresMerges = preTokenizer.pattern == .llama3
        var added: [AddedToken] = []
        for (id, type) in (data.tokenTypes ?? []).enumerated() where type == 3 || type == 4 {
            added.append(AddedToken(id: id, content: data.tokens[id], isSpecial: type == 3))
        }
        if data.addBOS && data.bosID == nil { throw TokenizerError.missingBOS(source: source) }
        try self.init(
            model: model, holes: [], preTokenizer: preTokenizer, addedTokens: added,
            prependedBOSID: data.addBOS ? data.bosID : nil, eosID: data.eosID)
    }
}
