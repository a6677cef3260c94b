import Foundation

/// A `tokenizer.json` normalizer: rewrites each piece of text between added tokens before it is
/// pre-tokenized (HF `normalizers`). Only the kinds real decoder models use are implemented.
public indirect enum Normalizer: Sendable, Equatable {
    /// Unicode canonical composition (Qwen2, GPT-NeoX): "e\u{301}" becomes "é".
    case nfc
    /// Unicode canonical decomposition.
    case nfd
    /// Unicode compatibility composition.
    case nfkc
    /// Unicode compatibility decomposition.
    case nfkd
    /// Lower-cases every character.
    case lowercase
    /// Puts a string before any non-empty text (Llama's legacy `Prepend("▁")`).
    case prepend(String)
    /// Replaces every occurrence of a literal string (Gemma's `" "` → `"▁"`).
    case replace(pattern: String, content: String)
    /// Removes whitespace at the start and/or end.
    case strip(left: Bool, right: Bool)
    /// Applies each in turn.
    case sequence([Normalizer])

    /// The normalized form of `text`.
    public func apply(_ text: String) -> String {
        switch self {
        case .nfc: return Self.isASCII(text) ? text : text.precomposedStringWithCanonicalMapping
        case .nfd: return Self.isASCII(text) ? text : text.decomposedStringWithCanonicalMapping
        case .nfkc: return Self.isASCII(text) ? text : text.precomposedStringWithCompatibilityMapping
        case .nfkd: return Self.isASCII(text) ? text : text.decomposedStringWithCompatibilityMapping
        case .lowercase: return text.lowercased()
        case .prepend(let prefix): return text.isEmpty ? text : prefix + text
        case .replace(let pattern, let content):
            return LiteralText.replacing(pattern, with: content, in: text)
        case .strip(let left, let right):
            var scalars = Substring(text).unicodeScalars
            while left, let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
            while right, let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
            return String(scalars)
        case .sequence(let steps): return steps.reduce(text) { $1.apply($0) }
        }
    }

    /// ASCII text is its own NFC/NFD/NFKC/NFKD form; checking is much cheaper than normalizing.
    private static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }
}

extension Normalizer {
    /// Maps a `tokenizer.json` normalizer node.
    /// - Throws: `TokenizerError.unsupported` naming a kind or a regex pattern not implemented here.
    init(_ node: TokenizerJSON.Norm, source: String) throws(TokenizerError) {
        switch node.type {
        case "NFC": self = .nfc
        case "NFD": self = .nfd
        case "NFKC": self = .nfkc
        case "NFKD": self = .nfkd
        case "Lowercase": self = .lowercase
        case "Prepend": self = .prepend(node.prepend ?? "")
        case "Strip": self = .strip(left: node.left ?? true, right: node.right ?? true)
        case "Replace":
            guard let pattern = node.pattern?.string else {
                throw .unsupported(feature: "a Replace normalizer with a regex pattern", source: source)
            }
            self = .replace(pattern: pattern, content: node.content ?? "")
        case "Sequence":
            var steps: [Normalizer] = []
            for child in node.normalizers ?? [] { steps.append(try Normalizer(child, source: source)) }
            self = .sequence(steps)
        default:
            throw .unsupported(feature: "the \(node.type) normalizer", source: source)
        }
    }
}
