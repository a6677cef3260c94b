/// One step of a `tokenizer.json` decoder: turns the tokens' vocabulary forms back into text
/// (HF `decoders`; a `Sequence` becomes a list of steps applied in order to the list of token strings).
public enum DecoderStep: Sendable, Equatable {
    /// Byte-level symbols back to bytes (GPT-2 style); all tokens become one string.
    case byteLevel
    /// Replaces a literal string in each token (SentencePiece-style: `▁` → space).
    case replace(pattern: String, content: String)
    /// Runs of `<0xNN>` tokens become the text of their bytes; bytes that are not valid UTF-8 become one
    /// U+FFFD each.
    case byteFallback
    /// Joins all tokens into one.
    case fuse
    /// Removes up to `start` leading and `stop` trailing `content` characters from each token.
    case strip(content: Unicode.Scalar, start: Int, stop: Int)
    /// `replacement` → space in each token; in the first token it is removed instead unless `prepends`
    /// is false (HF `Metaspace` decoder).
    case metaspace(replacement: Unicode.Scalar, prepends: Bool)

    /// Applies the steps to the token strings, as HF's `decode_chain`s do, and joins the result.
    static func decode(_ tokens: [String], steps: [DecoderStep]) -> String {
        guard !steps.isEmpty else { return tokens.joined(separator: " ") }
        return steps.reduce(tokens) { $1.apply($0) }.joined()
    }

    /// The raw bytes one token stands for on its own: the per-token steps only (no Fuse, no Strip, a
    /// Metaspace replacement always a space), a `<0xNN>` piece as its byte.
    static func bytes(ofToken token: String, steps: [DecoderStep]) -> [UInt8] {
        var text = token
        for step in steps {
            switch step {
            case .byteLevel:
                return ByteLevelAlphabet.decode(text) ?? Array(text.utf8)
            case .byteFallback:
                if let byte = CharacterSymbols.byte(ofToken: text) { return [byte] }
            case .replace(let pattern, let content):
                text = LiteralText.replacing(pattern, with: content, in: text)
            case .metaspace(let replacement, _):
                text = LiteralText.replacing(String(replacement), with: " ", in: text)
            case .fuse, .strip:
                continue
            }
        }
        return Array(text.utf8)
    }

    private func apply(_ tokens: [String]) -> [String] {
        switch self {
        case .byteLevel:
            var bytes: [UInt8] = []
            for token in tokens { bytes.append(contentsOf: ByteLevelAlphabet.decode(token) ?? Array(token.utf8)) }
            return [String(decoding: bytes, as: UTF8.self)]
        case .replace(let pattern, let content):
            return tokens.map { LiteralText.replacing(pattern, with: content, in: $0) }
        case .byteFallback:
            var result: [String] = []
            var pending: [UInt8] = []
            func flush() {
                guard !pending.isEmpty else { return }
                if let text = String(validating: pending, as: UTF8.self) {
                    result.append(text)
                } else {
                    result.append(contentsOf: repeatElement("\u{FFFD}", count: pending.count))
                }
                pending.removeAll()
            }
            for token in tokens {
                if let byte = CharacterSymbols.byte(ofToken: token) {
                    pending.append(byte)
                } else {
                    flush()
                    result.append(token)
                }
            }
            flush()
            return result
        case .fuse:
            return [tokens.joined()]
        case .strip(let content, let start, let stop):
            return tokens.map { token in
                var scalars = Substring(token).unicodeScalars
                for _ in 0..<max(0, start) where scalars.first == content { scalars.removeFirst() }
                for _ in 0..<max(0, stop) where scalars.last == content { scalars.removeLast() }
                return String(scalars)
            }
        case .metaspace(let replacement, let prepends):
            return tokens.enumerated().map { index, token in
                var text = String.UnicodeScalarView()
                for scalar in token.unicodeScalars {
                    if scalar != replacement {
                        text.append(scalar)
                    } else if index != 0 || !prepends {
                        text.append(" ")
                    }
                }
                return String(text)
            }
        }
    }
}

extension DecoderStep {
    /// The steps of a `tokenizer.json` decoder node.
    /// - Throws: `TokenizerError.unsupported` for another kind or a regex Replace.
    static func steps(_ node: TokenizerJSON.Dec, source: String) throws(TokenizerError) -> [DecoderStep] {
        switch node.type {
        case "ByteLevel": return [.byteLevel]
        case "ByteFallback": return [.byteFallback]
        case "Fuse": return [.fuse]
        case "Replace":
            guard let pattern = node.pattern?.string else {
                throw .unsupported(feature: "a Replace decoder with a regex pattern", source: source)
            }
            return [.replace(pattern: pattern, content: node.content ?? "")]
        case "Strip":
            guard let content = node.content?.unicodeScalars.first, node.content?.unicodeScalars.count == 1
            else {
                throw .corruptFile(path: source, reason: "the Strip decoder's content is not one character")
            }
            return [.strip(content: content, start: node.start ?? 0, stop: node.stop ?? 0)]
        case "Metaspace":
            let replacement = node.replacement?.unicodeScalars.first ?? "\u{2581}"
            let prepends = node.prependScheme.map { $0 != "never" } ?? (node.addPrefixSpace ?? true)
            return [.metaspace(replacement: replacement, prepends: prepends)]
        case "Sequence":
            var steps: [DecoderStep] = []
            for child in node.decoders ?? [] { steps += try Self.steps(child, source: source) }
            return steps
        default:
            throw .unsupported(feature: "the \(node.type) decoder", source: source)
        }
    }
}
