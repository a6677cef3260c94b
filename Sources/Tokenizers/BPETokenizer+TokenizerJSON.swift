import Foundation

extension BPETokenizer {
    /// The GPT-2 pattern as `tokenizer.json` files spell it inside a `Split` pre-tokenizer.
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    /// Loads a Hugging Face `tokenizer.json` and follows it as written (pre-tokenizer, added tokens,
    /// BOS from a `TemplateProcessing` post-processor).
    /// - Throws: `TokenizerError` for a missing, corrupt or unsupported file.
    public init(tokenizerJSONURL url: URL) throws {
        try self.init(tokenizerJSON: FileReading.data(url), source: url.path)
    }

    /// Parses the contents of a `tokenizer.json`; `source` names it in errors.
    public init(tokenizerJSON data: Data, source: String = "tokenizer.json") throws {
        let file = try FileReading.json(TokenizerJSON.self, from: data, source: source)
        if let type = file.model.type, type != "BPE" {
            throw TokenizerError.unsupported(feature: "a \(type) model", source: source)
        }
        if let normalizer = file.normalizer {
            throw TokenizerError.unsupported(feature: "the \(normalizer.type) normalizer", source: source)
        }
        if let decoder = file.decoder, decoder.type != "ByteLevel" {
            throw TokenizerError.unsupported(feature: "the \(decoder.type) decoder", source: source)
        }
        if !(file.model.continuingSubwordPrefix ?? "").isEmpty || !(file.model.endOfWordSuffix ?? "").isEmpty
        {
            throw TokenizerError.unsupported(feature: "subword prefixes/suffixes", source: source)
        }
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(file.model.merges.count)
        for merge in file.model.merges {
            if let pair = merge.pair, pair.count == 2 {
                pairs.append((pair[0], pair[1]))
            } else if let text = merge.text {
                pairs.append(try FileReading.mergePair(Substring(text), source: source))
            } else {
                throw TokenizerError.corruptFile(path: source, reason: "a merge is not a pair of tokens")
            }
        }
        var model = try BPEModel(vocabulary: file.model.vocab, merges: pairs, source: source)
        model.ignoresMerges = file.model.ignoreMerges ?? false
        let added = (file.addedTokens ?? []).map {
            AddedToken(id: $0.id, content: $0.content, isSpecial: $0.special ?? false)
        }
        guard let pre = file.preTokenizer else {
            throw TokenizerError.unsupported(feature: "no pre-tokenizer (not byte-level)", source: source)
        }
        try self.init(
            model: model, holes: BPETokenizer.holes(in: file.model.vocab, count: model.tokens.count),
            preTokenizer: try Self.preTokenizer(pre, source: source), addedTokens: added,
            prependedBOSID: Self.bos(file.postProcessor), eosID: nil)
    }

    /// Maps `ByteLevel`, or a `Sequence` of `Digits` / `Split` (GPT-2 or Llama-3 pattern) / `ByteLevel`,
    /// to a `PreTokenizer`.
    private static func preTokenizer(_ node: TokenizerJSON.Pre, source: String) throws -> PreTokenizer {
        let steps = node.type == "Sequence" ? node.pretokenizers ?? [] : [node]
        var result = PreTokenizer(usesPattern: false)
        var sawByteLevel = false
        for step in steps {
            switch step.type {
            case "Digits" where !sawByteLevel && !result.usesPattern:
                result.digits = step.individualDigits == true ? .individual : .grouped
            case "Split" where !sawByteLevel && !result.usesPattern && Self.isIsolatedSplit(step):
                result.usesPattern = true
                result.pattern = step.pattern?.regex == gpt2Pattern ? .gpt2 : .llama3
            case "ByteLevel" where !sawByteLevel:
                sawByteLevel = true
                result.addPrefixSpace = step.addPrefixSpace ?? false
                if step.useRegex ?? true {
                    if result.usesPattern {
                        throw TokenizerError.unsupported(feature: "two pattern splits", source: source)
                    }
                    result.usesPattern = true
                }
            default:
                let detail = step.pattern?.regex.map { " with pattern \($0)" } ?? ""
                throw TokenizerError.unsupported(
                    feature: "a \(step.type) pre-tokenizer\(detail)", source: source)
            }
        }
        guard sawByteLevel else {
            throw TokenizerError.unsupported(feature: "a pre-tokenizer without ByteLevel", source: source)
        }
        return result
    }

    /// Whether a `Split` step isolates matches of a pattern this module implements.
    private static func isIsolatedSplit(_ step: TokenizerJSON.Pre) -> Bool {
        let known = [gpt2Pattern, PreTokenizer.llama3Pattern, PreTokenizer.llama3PatternSpelledOut]
        guard let regex = step.pattern?.regex, known.contains(regex) else { return false }
        return (step.behavior ?? "Isolated") == "Isolated" && !(step.invert ?? false)
    }

    /// The id a `TemplateProcessing` post-processor puts before the text, if any.
    private static func bos(_ post: TokenizerJSON.Post?) -> Int? {
        guard let post else { return nil }
        if post.type == "Sequence" { return post.processors?.lazy.compactMap { bos($0) }.first }
        guard post.type == "TemplateProcessing", let name = post.single?.first?.specialToken?.id else {
            return nil
        }
        return post.specialTokens?[name]?.ids.first
    }
}
