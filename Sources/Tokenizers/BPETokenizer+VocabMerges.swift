import Foundation

extension BPETokenizer {
    /// Loads the classic GPT-2 / OPT pair of files: `vocab.json` (token → id) and `merges.txt`
    /// (one `a b` per line, ranked by line order, after an optional `#version` line).
    /// - Parameters:
    ///   - specialTokens: vocabulary entries to treat as special added tokens (matched literally in text),
    ///     e.g. `["<|endoftext|>"]` for GPT-2, `["<s>", "<pad>", "</s>", "<unk>"]` for OPT.
    ///   - bosToken: the token `encode` prepends (OPT: `"</s>"`), nil for none.
    ///   - eosToken: the end-of-sequence token, if known.
    /// - Throws: `TokenizerError` for a missing or corrupt file, or a named token not in the vocabulary.
    public init(
        vocabURL: URL, mergesURL: URL, specialTokens: [String] = [], bosToken: String? = nil,
        eosToken: String? = nil
    ) throws {
        try self.init(
            vocabJSON: FileReading.data(vocabURL), merges: FileReading.data(mergesURL),
            vocabSource: vocabURL.path, mergesSource: mergesURL.path, specialTokens: specialTokens,
            bosToken: bosToken, eosToken: eosToken)
    }

    /// Parses the contents of `vocab.json` and `merges.txt`; `vocabSource` and `mergesSource` name them in errors.
    public init(
        vocabJSON: Data, merges mergesData: Data, vocabSource: String = "vocab.json",
        mergesSource: String = "merges.txt", specialTokens: [String] = [], bosToken: String? = nil,
        eosToken: String? = nil
    ) throws {
        let vocabulary = try FileReading.json([String: Int].self, from: vocabJSON, source: vocabSource)
        guard let text = String(data: mergesData, encoding: .utf8) else {
            throw TokenizerError.corruptFile(path: mergesSource, reason: "not UTF-8 text")
        }
        var pairs: [(String, String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.isEmpty || (pairs.isEmpty && trimmed.hasPrefix("#version")) { continue }
            pairs.append(try FileReading.mergePair(trimmed, source: mergesSource))
        }
        let model = try BPEModel(
            vocabulary: vocabulary, merges: pairs, source: mergesSource, vocabularySource: vocabSource)
        func id(_ token: String) throws(TokenizerError) -> Int {
            guard let id = vocabulary[token] else {
                throw .tokenNotInVocabulary(token: token, source: vocabSource)
            }
            return id
        }
        var added: [AddedToken] = []
        for token in specialTokens {
            added.append(AddedToken(id: try id(token), content: token, isSpecial: true))
        }
        try self.init(
            model: model, holes: BPETokenizer.holes(in: vocabulary, count: model.tokens.count),
            preTokenizer: PreTokenizer(), addedTokens: added,
            prependedBOSID: try bosToken.map(id), eosID: try eosToken.map(id))
    }

    /// Ids in `0 ..< count` that no vocabulary entry uses.
    static func holes(in vocabulary: [String: Int], count: Int) -> Set<Int> {
        guard vocabulary.count < count else { return [] }
        var used = [Bool](repeating: false, count: count)
        for id in vocabulary.values where id >= 0 && id < count { used[id] = true }
        return Set((0..<count).filter { !used[$0] })
    }
}
