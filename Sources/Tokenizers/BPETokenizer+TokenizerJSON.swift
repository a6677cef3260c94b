import Foundation

extension BPETokenizer {
    /// The GPT-2 pattern as `tokenizer.json` files spell it inside a `Split` pre-tokenizer.
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    /// Loads a Hugging Face `tokenizer.json` and follows it as written (normalizer, pre-tokenizer, added
    /// tokens, BOS from a `TemplateProcessing` post-processor, decoder). A `tokenizer_config.json` next to
    /// it may turn the BOS off or on with `add_bos_token`, as transformers does.
    /// - Throws: `TokenizerError` for a missing, corrupt or unsupported file.
    public init(tokenizerJSONURL url: URL) throws {
        let config = url.deletingLastPathComponent().appendingPathComponent("tokenizer_config.json")
        let configData = FileManager.default.fileExists(atPath: config.path) ? try FileReading.data(config) : nil
        try self.init(
            tokenizerJSON: FileReading.data(url), source: url.path, tokenizerConfig: configData,
            configSource: config.path)
    }

    /// Parses the contents of a `tokenizer.json` (and optionally its `tokenizer_config.json`);
    /// `source` and `configSource` name them in errors.
    public init(
        tokenizerJSON data: Data, source: String = "tokenizer.json", tokenizerConfig: Data? = nil,
        configSource: String = "tokenizer_config.json"
    ) throws {
        let file = try FileReading.json(TokenizerJSON.self, from: data, source: source)
        if let type = file.model.type, type != "BPE" {
            throw TokenizerError.unsupported(feature: "a \(type) model", source: source)
        }
        if !(file.model.continuingSubwordPrefix ?? "").isEmpty || !(file.model.endOfWordSuffix ?? "").isEmpty
        {
            throw TokenizerError.unsupported(feature: "subword prefixes/suffixes", source: source)
        }
        let normalizer = try file.normalizer.map { try Normalizer($0, source: source) }
        let steps = try file.preTokenizer.map { try Self.steps($0, source: source) } ?? []
        let byteLevel = steps.last.map { if case .byteLevel = $0 { true } else { false } } ?? false
        let decoderSteps = try file.decoder.map { try DecoderStep.steps($0, source: source) }
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
        let vocabulary = file.model.vocab
        var model = try BPEModel(vocabulary: vocabulary, merges: pairs, source: source)
        model.ignoresMerges = file.model.ignoreMerges ?? false
        if !byteLevel {
            var unknownID: Int?
            if let unknown = file.model.unkToken {
                guard let id = vocabulary[unknown] else {
                    throw TokenizerError.tokenNotInVocabulary(token: unknown, source: source)
                }
                unknownID = id
            }
            model.characters = CharacterSymbols(
                vocabulary: vocabulary, byteFallback: file.model.byteFallback ?? false, unknownID: unknownID,
                fusesUnknown: file.model.fuseUnk ?? false)
        }
        let added = (file.addedTokens ?? []).map {
            AddedToken(
                id: $0.id, content: $0.content, isSpecial: $0.special ?? false,
                isNormalized: $0.normalized ?? !($0.special ?? false), stripsLeft: $0.lstrip ?? false,
                stripsRight: $0.rstrip ?? false)
        }
        var bos = Self.bos(file.postProcessor)
        if let configData = tokenizerConfig {
            let config = try FileReading.json(TokenizerConfigJSON.self, from: configData, source: configSource)
            if config.addBOSToken == false {
                bos = nil
            } else if config.addBOSToken == true, bos == nil, let name = config.bosToken?.content {
                guard let id = added.first(where: { $0.content == name })?.id ?? vocabulary[name] else {
                    throw TokenizerError.tokenNotInVocabulary(token: name, source: configSource)
                }
                bos = id
            }
        }
        let fast = byteLevel ? Self.fastPath(steps) : nil
        try self.init(
            model: model, holes: BPETokenizer.holes(in: vocabulary, count: model.tokens.count),
            preTokenizer: fast ?? PreTokenizer(), addedTokens: added, prependedBOSID: bos, eosID: nil,
            normalizer: normalizer, preTokenizerSteps: fast == nil ? steps : nil,
            decoderSteps: decoderSteps ?? (byteLevel ? [.byteLevel] : []))
    }

    /// The byte-level fast path for steps it covers: an optional `Digits`, an optional isolating `Split`
    /// with a hand-matched pattern, then `ByteLevel` (which applies the GPT-2 pattern itself unless a
    /// Split came first or `use_regex` is false).
    private static func fastPath(_ steps: [PreTokenizerStep]) -> PreTokenizer? {
        var result = PreTokenizer(usesPattern: false)
        for step in steps {
            switch step {
            case .digits(let individual) where !result.usesPattern:
                guard result.digits == .none else { return nil }
                result.digits = individual ? .individual : .grouped
            case .split(.pattern(let pattern), .isolated, false) where !result.usesPattern:
                result.usesPattern = true
                result.pattern = pattern
            case .byteLevel(let addPrefixSpace, let useRegex):
                if useRegex && result.usesPattern { return nil }
                // Digits then ByteLevel's prefix space: the fast path adds the space per digit piece, as HF.
                result.addPrefixSpace = addPrefixSpace
                result.usesPattern = result.usesPattern || useRegex
            default:
                return nil
            }
        }
        return result
    }

    /// The steps of a `tokenizer.json` pre-tokenizer node.
    /// - Throws: `TokenizerError.unsupported` for another kind, a regex this module does not match,
    ///   or a step after `ByteLevel`.
    private static func steps(_ node: TokenizerJSON.Pre, source: String) throws -> [PreTokenizerStep] {
        if node.type == "Sequence" {
            var steps: [PreTokenizerStep] = []
            for child in node.pretokenizers ?? [] {
                if let last = steps.last, case .byteLevel = last {
                    throw TokenizerError.unsupported(feature: "a pre-tokenizer step after ByteLevel", source: source)
                }
                steps += try Self.steps(child, source: source)
            }
            return steps
        }
        switch node.type {
        case "ByteLevel":
            return [.byteLevel(addPrefixSpace: node.addPrefixSpace ?? false, useRegex: node.useRegex ?? true)]
        case "Digits":
            return [.digits(individual: node.individualDigits ?? false)]
        case "Metaspace":
            let scheme: PreTokenizerStep.PrependScheme
            if let name = node.prependScheme {
                guard let known = PreTokenizerStep.PrependScheme(rawValue: name) else {
                    throw TokenizerError.unsupported(feature: "Metaspace prepend_scheme \"\(name)\"", source: source)
                }
                scheme = known
            } else {
                scheme = (node.addPrefixSpace ?? true) ? .always : .never
            }
            return [.metaspace(replacement: node.replacement ?? "\u{2581}", prepend: scheme, split: node.split ?? true)]
        case "Split":
            let pattern: PreTokenizerStep.SplitPattern
            if let literal = node.pattern?.string {
                pattern = .literal(Array(literal.utf8))
            } else if let regex = node.pattern?.regex, let known = PreTokenizer.Pattern.known(regex) {
                pattern = .pattern(known)
            } else {
                let detail = node.pattern?.regex.map { " with pattern \($0)" } ?? ""
                throw TokenizerError.unsupported(feature: "a Split pre-tokenizer\(detail)", source: source)
            }
            let name = node.behavior ?? "Isolated"
            let behaviors: [String: PreTokenizerStep.SplitBehavior] = [
                "Removed": .removed, "Isolated": .isolated, "MergedWithPrevious": .mergedWithPrevious,
                "MergedWithNext": .mergedWithNext, "Contiguous": .contiguous,
            ]
            guard let behavior = behaviors[name] else {
                throw TokenizerError.unsupported(feature: "Split behavior \"\(name)\"", source: source)
            }
            return [.split(pattern, behavior: behavior, invert: node.invert ?? false)]
        default:
            let detail = node.pattern?.regex.map { " with pattern \($0)" } ?? ""
            throw TokenizerError.unsupported(feature: "a \(node.type) pre-tokenizer\(detail)", source: source)
        }
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
