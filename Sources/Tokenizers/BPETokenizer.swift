import Foundation

/// A BPE tokenizer that reproduces Hugging Face tokenizers' ids (from `tokenizer.json`, or GPT-2 style
/// `vocab.json` + `merges.txt`) or llama.cpp's (from GGUF metadata).
///
/// Byte-level vocabularies (GPT-2, OPT, SmolLM2, Llama 3, Qwen2, GPT-NeoX) and SentencePiece-style
/// ones over characters with `<0xNN>` byte fallback (Llama 2, Mistral, Gemma, Phi-3) are both covered.
/// Stages, each in its own file: added-token matching (`AddedTokenMatcher`), normalization
/// (`Normalizer`), pre-tokenization (`PreTokenizer`, the byte-level fast path, or `PreTokenizerStep`s),
/// byte mapping (`ByteLevelAlphabet`) or character symbols (`CharacterSymbols`), BPE merges
/// (`BPEModel`; `SentencePieceModel` for llama.cpp's score-ordered merges), decoding (`TokenDecoder`).
public struct BPETokenizer: TextTokenizer {
    var model: BPEModel
    let decoder: TokenDecoder
    /// Added tokens looked for in the raw input (all of them when none is normalized).
    let matcher: AddedTokenMatcher
    /// Matches only the added tokens that are not special, for `matchingSpecialTokens: false`.
    let ordinaryMatcher: AddedTokenMatcher
    /// Added tokens looked for in the normalized text (HF `normalized: true`), special and not.
    let normalizedMatcher: AddedTokenMatcher
    /// The same without special tokens.
    let ordinaryNormalizedMatcher: AddedTokenMatcher
    /// Rewrites text between added tokens before it is cut into words; nil for none.
    public let normalizer: Normalizer?
    /// How text is cut into words (byte-level fast path), when `preTokenizerSteps` is nil.
    public let preTokenizer: PreTokenizer
    /// The general pre-tokenizer, for files the fast path does not cover; nil when it does.
    public let preTokenizerSteps: [PreTokenizerStep]?
    /// llama.cpp's SentencePiece encoder, for GGUF `tokenizer.ggml.model = "llama"`; nil otherwise.
    let sentencePiece: SentencePieceModel?
    /// Tokens matched literally in the input before pre-tokenization.
    public let addedTokens: [AddedToken]
    public private(set) var prependedBOSID: Int?
    /// The end-of-sequence id, when the source names one.
    public let eosID: Int?
    private let specialIDs: Set<Int>

    /// Assembles a tokenizer from its parts; the file-specific initializers end here.
    /// - Parameter matchOrder: how overlapping added tokens are resolved (HF: leftmost-longest;
    ///   llama.cpp: longest first).
    /// - Throws: `TokenizerError.idOutOfVocabulary` when the BOS or EOS id, or an added token's id, is
    ///   outside the vocabulary.
    init(
        model: BPEModel, holes: Set<Int>, preTokenizer: PreTokenizer, addedTokens: [AddedToken],
        prependedBOSID: Int?, eosID: Int?, normalizer: Normalizer? = nil,
        preTokenizerSteps: [PreTokenizerStep]? = nil, decoderSteps: [DecoderStep] = [.byteLevel],
        sentencePiece: SentencePieceModel? = nil, matchOrder: AddedTokenMatcher.Order = .leftmostLongest
    ) throws(TokenizerError) {
        // Added tokens extend the vocabulary by at most their own number of ids; a larger id (2⁶² in a
        // hostile tokenizer.json) would size TokenDecoder's table past what can be allocated.
        let idLimit = model.tokens.count + addedTokens.count
        if let bad = addedTokens.first(where: { $0.id < 0 || $0.id >= idLimit }) {
            throw .idOutOfVocabulary(id: bad.id, vocabularySize: idLimit)
        }
        self.model = model
        self.decoder = TokenDecoder(tokens: model.tokens, holes: holes, added: addedTokens, steps: decoderSteps)
        let raw = addedTokens.filter { !$0.isNormalized }
        let normalized = addedTokens.filter(\.isNormalized)
        let normalizedContent = { (token: AddedToken) in normalizer?.apply(token.content) ?? token.content }
        self.matcher = AddedTokenMatcher(raw, order: matchOrder)
        self.ordinaryMatcher = AddedTokenMatcher(raw.filter { !$0.isSpecial }, order: matchOrder)
        self.normalizedMatcher = AddedTokenMatcher(normalized, order: matchOrder, contents: normalizedContent)
        self.ordinaryNormalizedMatcher = AddedTokenMatcher(
            normalized.filter { !$0.isSpecial }, order: matchOrder, contents: normalizedContent)
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.preTokenizerSteps = preTokenizerSteps
        self.sentencePiece = sentencePiece
        self.addedTokens = addedTokens
        self.specialIDs = Set(addedTokens.filter(\.isSpecial).map(\.id))
        for id in [prependedBOSID, eosID].compactMap({ $0 }) { _ = try decoder.bytes(id) }
        self.prependedBOSID = prependedBOSID
        self.eosID = eosID
    }

    public var vocabularySize: Int { decoder.bytesByID.count }

    /// A copy that prepends `id` (nil: nothing) on every `encode`.
    ///
    /// For models whose BOS is not described by the tokenizer files: OPT uses GPT-2's `vocab.json` and
    /// `merges.txt` but its tokenizer prepends `</s>` (id 2).
    /// - Throws: `TokenizerError.idOutOfVocabulary`.
    public func prependingBOS(_ id: Int?) throws -> BPETokenizer {
        if let id { _ = try decoder.bytes(id) }
        var copy = self
        copy.prependedBOSID = id
        return copy
    }

    public func encode(_ text: String) throws -> [Int] {
        encode(text, matchingSpecialTokens: true)
    }

    /// Ids for `text`, with the BOS handling applied.
    /// - Parameter matchingSpecialTokens: when false, text such as `<|endoftext|>` is encoded as plain
    ///   text (so a user's prompt cannot inject control tokens); ordinary added tokens still match,
    ///   as with HF's `split_special_tokens` and llama.cpp's `parse_special = false`.
    public func encode(_ text: String, matchingSpecialTokens: Bool) -> [Int] {
        var run = EncodingRun()
        run.ids.reserveCapacity(text.utf8.count / 3 + 1)
        if let bos = prependedBOSID { run.ids.append(Int32(truncatingIfNeeded: bos)) }
        let matcher = matchingSpecialTokens ? self.matcher : ordinaryMatcher
        let body = { (buffer: UnsafeBufferPointer<UInt8>) in
            if let sentencePiece {
                var afterSpecial = true
                matcher.forEachSegment(in: buffer) { segment in
                    switch segment {
                    case .text(let range):
                        sentencePiece.encode(
                            UnsafeBufferPointer(rebasing: buffer[range]), afterSpecial: afterSpecial, into: &run.ids)
                        afterSpecial = false
                    case .token(let id):
                        run.ids.append(Int32(truncatingIfNeeded: id))
                        afterSpecial = true
                    }
                }
                return
            }
            matcher.forEachSegment(in: buffer) { segment in
                switch segment {
                case .text(let range):
                    encodeText(
                        UnsafeBufferPointer(rebasing: buffer[range]), startsInput: range.lowerBound == 0,
                        matchingSpecialTokens: matchingSpecialTokens, &run)
                case .token(let id):
                    run.ids.append(Int32(truncatingIfNeeded: id))
                }
            }
        }
        var text = text
        text.makeContiguousUTF8()
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
        return run.ids.map { Int($0) }
    }

    /// Ids and the word cache of one `encode` call.
    private struct EncodingRun {
        var ids: [Int32] = []
        var cache = WordCache()
    }

    /// Normalizes text between raw-matched added tokens, then matches the normalized ones.
    private func encodeText(
        _ text: UnsafeBufferPointer<UInt8>, startsInput: Bool, matchingSpecialTokens: Bool,
        _ run: inout EncodingRun
    ) {
        guard let normalizer else {
            return matchNormalized(text, startsInput: startsInput, matchingSpecialTokens, &run)
        }
        var normalized = normalizer.apply(String(decoding: text, as: UTF8.self))
        normalized.withUTF8 { matchNormalized($0, startsInput: startsInput, matchingSpecialTokens, &run) }
    }

    /// Cuts normalized text at the normalized added tokens and encodes the rest.
    private func matchNormalized(
        _ text: UnsafeBufferPointer<UInt8>, startsInput: Bool, _ matchingSpecialTokens: Bool,
        _ run: inout EncodingRun
    ) {
        let matcher = matchingSpecialTokens ? normalizedMatcher : ordinaryNormalizedMatcher
        matcher.forEachSegment(in: text) { segment in
            switch segment {
            case .text(let range):
                encodeWords(
                    UnsafeBufferPointer(rebasing: text[range]), startsInput: startsInput && range.lowerBound == 0,
                    &run)
            case .token(let id):
                run.ids.append(Int32(truncatingIfNeeded: id))
            }
        }
    }

    /// Pre-tokenizes text with no added token left in it and appends the ids of its words.
    private func encodeWords(_ text: UnsafeBufferPointer<UInt8>, startsInput: Bool, _ run: inout EncodingRun) {
        guard let steps = preTokenizerSteps else {
            preTokenizer.forEachWord(in: text) { word in run.cache.encode(word, with: model, into: &run.ids) }
            return
        }
        var pieces = [TextPiece(bytes: Array(text), startsInput: startsInput)]
        for step in steps { pieces = pieces.flatMap { step.apply($0) } }
        for piece in pieces {
            piece.bytes.withUnsafeBufferPointer { run.cache.encode($0, with: model, into: &run.ids) }
        }
    }

    public func decode(_ ids: [Int]) -> String {
        (try? decoder.decode(ids, lenient: true)) ?? ""
    }

    /// The text the ids stand for.
    /// - Throws: `TokenizerError.idOutOfVocabulary` for the first id outside the vocabulary.
    public func decodeStrict(_ ids: [Int]) throws -> String {
        try decoder.decode(ids, lenient: false)
    }

    public func id(forToken token: String) -> Int? {
        if let id = model.idForToken[token] { return id }
        return addedTokens.first { $0.content == token }?.id
    }

    /// The stored vocabulary form of an id (e.g. "Ġworld"; an added token's literal text).
    /// - Throws: `TokenizerError.idOutOfVocabulary`.
    public func token(forID id: Int) throws -> String {
        if let added = addedTokens.first(where: { $0.id == id }) { return added.content }
        _ = try decoder.bytes(id)
        return id < model.tokens.count ? model.tokens[id] : ""
    }

    public func bytes(forID id: Int) throws -> [UInt8] {
        try decoder.bytes(id)
    }

    public func displayText(forID id: Int) throws -> String {
        TokenDecoder.display(try decoder.bytes(id))
    }

    /// Whether the id is a special (control) token such as `<|endoftext|>`.
    public func isSpecial(_ id: Int) -> Bool {
        specialIDs.contains(id)
    }
}

/// Remembers the ids of words already seen during one `encode` call (text repeats words a lot).
///
/// Words and their ids live in two flat arenas so a new word costs no allocation of its own.
private struct WordCache {
    private struct Entry {
        var byteStart: Int
        var byteCount: Int
        var idStart: Int
        var idCount: Int
    }

    private var index: [UInt64: Entry] = [:]
    private var wordBytes: [UInt8] = []
    private var wordIDs: [Int32] = []
    private var scratch = BPEModel.Scratch()

    mutating func encode(_ word: UnsafeBufferPointer<UInt8>, with model: BPEModel, into ids: inout [Int32]) {
        if word.count < 2 {
            model.encodeWord(word, into: &ids, scratch: &scratch)
            return
        }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in word { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        if let entry = index[hash] {
            let same =
                entry.byteCount == word.count
                && wordBytes.withUnsafeBufferPointer { stored in
                    guard let storedBase = stored.baseAddress, let wordBase = word.baseAddress else {
                        return false
                    }
                    return memcmp(storedBase + entry.byteStart, wordBase, word.count) == 0
                }
            if same {
                ids.append(contentsOf: wordIDs[entry.idStart..<entry.idStart + entry.idCount])
                return
            }
            model.encodeWord(word, into: &ids, scratch: &scratch)
            return
        }
        let start = ids.count
        model.encodeWord(word, into: &ids, scratch: &scratch)
        index[hash] = Entry(
            byteStart: wordBytes.count, byteCount: word.count, idStart: wordIDs.count,
            idCount: ids.count - start)
        wordBytes.append(contentsOf: word)
        wordIDs.append(contentsOf: ids[start...])
    }
}
