/// A GGUF file's `tokenizer.ggml.*` metadata as plain values, filled by the module that reads GGUF.
public struct GGUFTokenizerData: Sendable, Equatable {
    /// `tokenizer.ggml.model`: `"gpt2"` (byte-level BPE) or `"llama"` (SentencePiece).
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
    /// `tokenizer.ggml.scores`: each piece's score, by id (SentencePiece merges by it).  // [V]
    public var scores: [Float]?
    /// `tokenizer.ggml.unknown_token_id`.
    public var unknownID: Int?
    /// `tokenizer.ggml.add_space_prefix`; nil means llama.cpp's default (true for SentencePiece).
    public var addSpacePrefix: Bool?

    public init(
        model: String, pre: String?, tokens: [String], merges: [String], tokenTypes: [Int]?,
        bosID: Int?, eosID: Int?, addBOS: Bool, scores: [Float]? = nil, unknownID: Int? = nil,
        addSpacePrefix: Bool? = nil
    ) {
        self.scores = scores
        self.unknownID = unknownID
        self.addSpacePrefix = addSpacePrefix
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
        "gpt-2": PreTokenizer(), "gpt2": PreTokenizer(), "olmo": PreTokenizer(), "mpt": PreTokenizer(),
        "smollm": PreTokenizer(digits: .individual),
        "llama3": PreTokenizer(pattern: .llama3), "llama-v3": PreTokenizer(pattern: .llama3),
        "llama-bpe": PreTokenizer(pattern: .llama3),
        "qwen2": PreTokenizer(pattern: .qwen2),
    ]

    /// Builds the tokenizer llama.cpp would use for a GGUF.
    ///
    /// Control (3), user-defined (4) and unknown (2) tokens are matched literally in text, longest first,
    /// as llama.cpp's special-token partition does (control and unknown ones only when special tokens
    /// are matched). `model == "llama"` is SentencePiece (`SentencePieceModel`: merges by piece score,
    /// `<0xNN>` byte fallback, `add_space_prefix`). `model == "gpt2"` is byte-level BPE: `pre == "smollm"`
    /// splits every `\p{N}` character first; "llama-bpe" / "llama3" use the Llama-3 pattern and whole-word
    /// vocabulary hits (`ignore_merges`); "qwen2" the Qwen2 pattern (single digits); a missing `pre`
    /// means the GPT-2 pattern. Like llama.cpp, no Unicode normalization is applied (HF's Qwen2 applies NFC).
    /// - Throws: `TokenizerError.unsupported` for another model or pre-tokenizer, `.mergeOutOfVocabulary`,
    ///   `.missingBOS`, `.idOutOfVocabulary`, `.corruptFile` for per-token arrays of the wrong length.
    public init(gguf data: GGUFTokenizerData) throws {
        let source = "GGUF tokenizer metadata"
        if let types = data.tokenTypes, types.count != data.tokens.count {
            throw TokenizerError.corruptFile(
                path: source, reason: "\(types.count) token types for \(data.tokens.count) tokens")
        }
        var added: [AddedToken] = []
        for (id, type) in (data.tokenTypes ?? []).enumerated() where type == 2 || type == 3 || type == 4 {
            added.append(AddedToken(id: id, content: data.tokens[id], isSpecial: type != 4))
        }
        if data.addBOS && data.bosID == nil { throw TokenizerError.missingBOS(source: source) }
        let bos = data.addBOS ? data.bosID : nil
        switch data.model {
        case "gpt2":
            try self.init(byteLevelGGUF: data, added: added, bos: bos, source: source)
        case "llama":
            try self.init(sentencePieceGGUF: data, added: added, bos: bos, source: source)
        default:
            throw TokenizerError.unsupported(feature: "tokenizer.ggml.model \"\(data.model)\"", source: source)
        }
    }

    private init(byteLevelGGUF data: GGUFTokenizerData, added: [AddedToken], bos: Int?, source: String) throws {
        guard let preTokenizer = Self.ggufPreTokenizers[data.pre ?? "gpt-2"] else {
            throw TokenizerError.unsupported(
                feature: "tokenizer.ggml.pre \"\(data.pre ?? "")\"", source: source)
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
        try self.init(
            model: model, holes: [], preTokenizer: preTokenizer, addedTokens: added,
            prependedBOSID: bos, eosID: data.eosID, matchOrder: .longestFirst)
    }

    private init(sentencePieceGGUF data: GGUFTokenizerData, added: [AddedToken], bos: Int?, source: String)
        throws
    {
        guard let scores = data.scores else {
            throw TokenizerError.corruptFile(path: source, reason: "a SentencePiece vocabulary without scores")
        }
        guard scores.count == data.tokens.count else {
            throw TokenizerError.corruptFile(
                path: source, reason: "\(scores.count) scores for \(data.tokens.count) tokens")
        }
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(data.tokens.count)
        for (id, token) in data.tokens.enumerated() { vocabulary[token] = id }
        if let unknown = data.unknownID, !data.tokens.indices.contains(unknown) {
            throw TokenizerError.idOutOfVocabulary(id: unknown, vocabularySize: data.tokens.count)
        }
        let pieces = SentencePieceModel(
            tokens: data.tokens, scores: scores, unknownID: data.unknownID,
            addsSpacePrefix: data.addSpacePrefix ?? true)
        // The BPE model only serves lookups here; SentencePiece has no merge list.
        let model = try BPEModel(vocabulary: vocabulary, tokensByID: data.tokens, merges: [], source: source)
        try self.init(
            model: model, holes: [], preTokenizer: PreTokenizer(), addedTokens: added, prependedBOSID: bos,
            eosID: data.eosID, decoderSteps: [.replace(pattern: "\u{2581}", content: " "), .byteFallback],
            sentencePiece: pieces, matchOrder: .longestFirst)
    }
}
