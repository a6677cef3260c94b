/// The parts of a Hugging Face `tokenizer.json` this module reads; JSON key names stay in this file.
struct TokenizerJSON: Decodable {
    struct Model: Decodable {
        var type: String?
        var vocab: [String: Int]
        var merges: [Merge]
        var continuingSubwordPrefix: String?
        var endOfWordSuffix: String?
        var ignoreMerges: Bool?

        enum CodingKeys: String, CodingKey {
            case type, vocab, merges
            case ignoreMerges = "ignore_merges"
            case continuingSubwordPrefix = "continuing_subword_prefix"
            case endOfWordSuffix = "end_of_word_suffix"
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

        enum CodingKeys: String, CodingKey {
            case type, pretokenizers, pattern, behavior, invert
            case addPrefixSpace = "add_prefix_space"
            case useRegex = "use_regex"
            case individualDigits = "individual_digits"
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

    struct Kind: Decodable { var type: String }

    var model: Model
    var addedTokens: [Added]?
    var normalizer: Kind?
    var preTokenizer: Pre?
    var postProcessor: Post?
    var decoder: Kind?

    enum CodingKeys: String, CodingKey {
        case model, normalizer, decoder
        case addedTokens = "added_tokens"
        case preTokenizer = "pre_tokenizer"
        case postProcessor = "post_processor"
    }
}
