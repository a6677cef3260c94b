import Foundation

/// A byte-level BPE tokenizer (GPT-2, OPT, SmolLM2 style) that reproduces Hugging Face tokenizers' ids.
///
/// Stages, each in its own file: added-token matching (`AddedTokenMatcher`), pre-tokenization
/// (`PreTokenizer`), byte mapping (`ByteLevelAlphabet`), BPE merges (`BPEModel`), decoding (`TokenDecoder`).
/// Build it from `tokenizer.json`, from `vocab.json` + `merges.txt`, or from GGUF metadata.
public struct BPETokenizer: TextTokenizer {
    var model: BPEModel
    let decoder: TokenDecoder
    let matcher: AddedTokenMatcher
    /// Matches only the added tokens that are not special, for `matchingSpecialTokens: false`.
    let ordinaryMatcher: AddedTokenMatcher
    /// How text is cut into words.
    public let preTokenizer: PreTokenizer
    /// Tokens matched literally in the input before pre-tokenization.
    public let addedTokens: [AddedToken]
    public private(set) var prependedBOSID: Int?
    /// The end-of-sequence id, when the source names one.
    public let eosID: Int?
    private let specialIDs: Set<Int>

    /// Assembles a tokenizer from its parts; the file-specific initializers end here.
    /// - Throws: `TokenizerError.idOutOfVocabulary` when the BOS or EOS id, or an added token's id, is
    ///   outside the vocabulary.
    init(
        model: BPEModel, holes: Set<Int>, preTokenizer: PreTokenizer, addedTokens: [AddedToken],
        prependedBOSID: Int?, eosID: Int?
    ) throws(TokenizerError) {
        // Added tokens extend the vocabulary by at most their own number of ids; a larger id (2⁶² in a
        // hostile tokenizer.json) would size TokenDecoder's table past what can be allocated.
        let idLimit = model.tokens.count + addedTokens.count
        if let bad = addedTokens.first(where: { $0.id < 0 || $0.id >= idLimit }) {
            throw .idOutOfVocabulary(id: bad.id, vocabularySize: idLimit)
        }
        self.model = model
        self.decoder = TokenDecoder(tokens: model.tokens, holes: holes, added: addedTokens)
        self.matcher = AddedTokenMatcher(addedTokens)
        self.ordinaryMatcher = AddedTokenMatcher(addedTokens.filter { !$0.isSpecial })
        self.preTokenizer = preTokenizer
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
        var ids: [Int32] = []
        ids.reserveCapacity(text.utf8.count / 3 + 1)
        if let bos = prependedBOSID { ids.append(Int32(truncatingIfNeeded: bos)) }
        let matcher = matchingSpecialTokens ? self.matcher : ordinaryMatcher
        let body = { (buffer: UnsafeBufferPointer<UInt8>) in
            var cache = WordCache()
            matcher.forEachSegment(in: buffer) { segment in
                switch segment {
                case .text(let range):
                    preTokenizer.forEachWord(in: UnsafeBufferPointer(rebasing: buffer[range])) { word in
                        cache.encode(word, with: model, into: &ids)
                    }
                case .token(let id):
                    ids.append(Int32(truncatingIfNeeded: id))
                }
            }
        }
        var text = text
        text.makeContiguousUTF8()
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
        return ids.map { Int($0) }
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
