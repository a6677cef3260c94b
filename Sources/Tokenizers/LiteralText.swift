/// Literal (byte-for-byte) text operations: Foundation's `replacingOccurrences` compares canonically
/// equivalent text as equal, HF tokenizers compare bytes.
enum LiteralText {
    /// `text` with every non-overlapping occurrence of `pattern`, left to right, replaced by `content`.
    static func replacing(_ pattern: String, with content: String, in text: String) -> String {
        let needle = Array(pattern.utf8)
        guard !needle.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let matches = PreTokenizerStep.literalMatches(needle, in: bytes)
        guard !matches.isEmpty else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + matches.count * max(0, content.utf8.count - needle.count))
        var position = 0
        for match in matches {
            result.append(contentsOf: bytes[position..<match.lowerBound])
            result.append(contentsOf: content.utf8)
            position = match.upperBound
        }
        result.append(contentsOf: bytes[position...])
        return String(decoding: result, as: UTF8.self)
    }
}
