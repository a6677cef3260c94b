/// The parts of a Hugging Face `tokenizer.json` this module reads; JSON key names stay in this file.
struct TokenizerJSON: Decodable {
    struct Model: Decodable {
        var type: String?
        var vocab: [String: Int]
        var merges: [Merge]
        var continuingSubwordPrefix: String?
        var endOfWordSuffix: String?
        var ignoreMerges: Bool?
        var unkToken: String?
        var byteFallback: Bool?
        var fuseUnk: Bool?

        enum CodingKeys: String, CodingKey {
            case type, vocab, merges
            case ignoreMerges = "ignore_merges"
            case continuingSubwordPrefix = "continuing_subword_prefix"
            case endOfWordSuffix = "end_of_word_suffix"
            case unkToken = "unk_token"
            case byteFallback = "byte_fallback"
            case fuseUnk = "fuse_unk"
        }
    }

    /// A merge, stored either as `"a b"` (older files) or as `["a", "b"]` (tokenizers ≥ 0.20).
    struct Merge: Decodable {
        var text: String?
        var pair: [String]?

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
            } else {
                pair = try container.decode([String].self)
            }
        }
    }

    struct Added: Decodable {
        var id: Int
        var content: String
        var special: Bool?
        var normalized: Bool?
        var lstrip: Bool?
        var rstrip: Bool?
        var singleWord: Bool?

        enum CodingKeys: String, CodingKey {
            case id, content, special, normalized, lstrip, rstrip
            case singleWord = "single_word"
        }
    }

    /// A pre-tokenizer node; `Sequence` nests others.
    struct Pre: Decodable {
        var type: String
        var addPrefixSpace: Bool?
        var useRegex: Bool?
        var individualDigits: Bool?
        var pretokenizers: [Pre]?
        var pattern: Pattern?
        var behavior: String?
        var invert: Bool?
        var replacement: String?
        var prependScheme: String?
        var split: Bool?

        enum CodingKeys: String, CodingKey {
            case type, pretokenizers, pattern, behavior, invert, replacement, split
            case addPrefixSpace = "add_prefix_space"
            case useRegex = "use_regex"
            case individualDigits = "individual_digits"
            case prependScheme = "prepend_scheme"
        }
    }

    /// A normalizer node; `Sequence` nests others.
    struct Norm: Decodable {
        var type: String
        var normalizers: [Norm]?
        var pattern: Pattern?
        var content: String?
        var prepend: String?
        var left: Bool?
        var right: Bool?
    }

    /// A decoder node; `Sequence` nests others.
    struct Dec: Decodable {
        var type: String
        var decoders: [Dec]?
        var pattern: Pattern?
        var content: String?
        var start: Int?
        var stop: Int?
        var replacement: String?
        var prependScheme: String?
        var addPrefixSpace: Bool?

        enum CodingKeys: String, CodingKey {
            case type, decoders, pattern, content, start, stop, replacement
            case prependScheme = "prepend_scheme"
            case addPrefixSpace = "add_prefix_space"
        }
    }

    struct Pattern: Decodable {
        var regex: String?
        var string: String?

        enum CodingKeys: String, CodingKey {
            case regex = "Regex"
            case string = "String"
        }
    }

    /// A post-processor; only `TemplateProcessing`'s leading special token (a BOS) matters here.
    struct Post: Decodable {
        var type: String
        var single: [TemplatePiece]?
        var specialTokens: [String: TemplateSpecial]?
        var processors: [Post]?

        enum CodingKeys: String, CodingKey {
            case type, single, processors
            case specialTokens = "special_tokens"
        }
    }

    struct TemplatePiece: Decodable {
        struct Special: Decodable { var id: String }
        var specialToken: Special?

        enum CodingKeys: String, CodingKey { case specialToken = "SpecialToken" }
    }

    struct TemplateSpecial: Decodable { var ids: [Int] }

    var model: Model
    var addedTokens: [Added]?
    var normalizer: Norm?
    var preTokenizer: Pre?
    var postProcessor: Post?
    var decoder: Dec?

    enum CodingKeys: String, CodingKey {
        case model, normalizer, decoder
        case addedTokens = "added_tokens"
        case preTokenizer = "pre_tokenizer"
        case postProcessor = "post_processor"
    }
}

/// The parts of a `tokenizer_config.json` (next to `tokenizer.json`) that change encoding.
struct TokenizerConfigJSON: Decodable {
    /// A token named in the config: a plain string or `{"content": ...}`.
    struct Named: Decodable {
        var content: String?

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                content = text
            } else {
                struct Object: Decodable { var content: String? }
                content = (try? container.decode(Object.self))?.content
            }
        }
    }

    var addBOSToken: Bool?
    var bosToken: Named?

    enum CodingKeys: String, CodingKey {
        case addBOSToken = "add_bos_token"
        case bosToken = "bos_token"
    }
}
