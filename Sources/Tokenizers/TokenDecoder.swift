/// Turns ids back into bytes and text, and gives a display form per token.
///
/// With the plain `ByteLevel` decoder (GPT-2 style) the text is the tokens' bytes joined; any other
/// decoder (SentencePiece style: Replace, ByteFallback, Fuse, Strip) runs step by step as HF does.
struct TokenDecoder: Sendable {
    /// The bytes each id stands for on its own; nil for ids with no entry.  // [V]
    let bytesByID: [[UInt8]?]
    /// The decoder steps; `[.byteLevel]` takes the fast path.
    let steps: [DecoderStep]
    /// The string each id hands to the decoder steps (vocabulary form, or an added token's text); empty
    /// on the fast path, which does not need it.  // [V]
    private let stringsByID: [String?]

    /// Builds the tables from stored vocabulary forms and added tokens (literal text).
    /// A byte-level form with a character outside the byte alphabet stands for its own UTF-8, as in HF.
    init(tokens: [String], holes: Set<Int>, added: [AddedToken], steps: [DecoderStep] = [.byteLevel]) {
        let count = max(tokens.count, (added.map(\.id).max() ?? -1) + 1)
        var table = [[UInt8]?](repeating: nil, count: count)
        for (id, token) in tokens.enumerated() where !holes.contains(id) {
            table[id] = DecoderStep.bytes(ofToken: token, steps: steps)
        }
        for token in added where token.id >= 0 { table[token.id] = Array(token.content.utf8) }
        bytesByID = table
        self.steps = steps
        if steps == [.byteLevel] {
            stringsByID = []
        } else {
            var strings = [String?](repeating: nil, count: count)
            for (id, token) in tokens.enumerated() where !holes.contains(id) { strings[id] = token }
            for token in added where token.id >= 0 { strings[token.id] = token.content }
            stringsByID = strings
        }
    }

    /// The raw bytes of one id.
    func bytes(_ id: Int) throws(TokenizerError) -> [UInt8] {
        guard id >= 0, id < bytesByID.count, let bytes = bytesByID[id] else {
            throw .idOutOfVocabulary(id: id, vocabularySize: bytesByID.count)
        }
        return bytes
    }

    /// The text of the ids; an unknown id contributes U+FFFD when `lenient`, else throws.
    func decode(_ ids: [Int], lenient: Bool) throws(TokenizerError) -> String {
        if !stringsByID.isEmpty {
            var strings: [String] = []
            strings.reserveCapacity(ids.count)
            for id in ids {
                if id >= 0, id < stringsByID.count, let string = stringsByID[id] {
                    strings.append(string)
                } else if lenient {
                    strings.append("\u{FFFD}")
                } else {
                    throw .idOutOfVocabulary(id: id, vocabularySize: bytesByID.count)
                }
            }
            return DecoderStep.decode(strings, steps: steps)
        }
        var bytes: [UInt8] = []
        for id in ids {
            if id >= 0, id < bytesByID.count, let tokenBytes = bytesByID[id] {
                bytes.append(contentsOf: tokenBytes)
            } else if lenient {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            } else {
                throw .idOutOfVocabulary(id: id, vocabularySize: bytesByID.count)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Complete UTF-8 sequences as text, every other byte as `\xHH` (upper-case hex).
    static func display(_ bytes: [UInt8]) -> String {
        var text = ""
        var index = 0
        while index < bytes.count {
            let length = UTF8Validation.sequenceLength(bytes, at: index)
            if length > 0 {
                text += String(decoding: bytes[index..<index + length], as: UTF8.self)
                index += length
            } else {
                text += UTF8Validation.escape(bytes[index])
                index += 1
            }
        }
        return text
    }
}
