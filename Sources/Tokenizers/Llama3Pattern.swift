/// The Llama-3 and Qwen2 pre-tokenizer patterns, matched by hand like the GPT-2 one:
/// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|`
/// ` ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+` (one pattern, cut in two here).
/// Qwen2's is the same with `\p{N}` (single digits) in place of `\p{N}{1,3}`.
///
/// Differences from GPT-2: contractions ignore case, any one non-letter non-digit non-newline character
/// may lead a word (a space, a quote, ...), numbers go in groups of at most three (Qwen2: one), and
/// newlines end symbol runs and whitespace runs.
extension PreTokenizer {
    static let llama3Pattern =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"#
        + #" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// The same pattern with the case-insensitive group spelled out, as some `tokenizer.json` files have it.
    static let llama3PatternSpelledOut =
        #"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"#
        + #" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// Qwen2 / Qwen2.5 / Qwen3's pattern, as their `tokenizer.json` writes it.
    static let qwen2Pattern =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|"#
        + #" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// The Qwen2 pattern with the case-insensitive group spelled out (llama.cpp's spelling).
    static let qwen2PatternSpelledOut =
        #"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|"#
        + #" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    @inline(__always)
    private static func isNewline(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// End of the Llama-3 pattern's match starting at `start`.
    static func llama3MatchEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        llamaStyleMatchEnd(text, from: start, maxDigits: 3)
    }

    /// End of the Qwen2 pattern's match starting at `start`.
    static func qwen2MatchEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        llamaStyleMatchEnd(text, from: start, maxDigits: 1)
    }

    /// End of the match at `start` of the Llama-3 pattern with `\p{N}{1,maxDigits}`.
    @inline(__always)
    private static func llamaStyleMatchEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, maxDigits: Int)
        -> Int
    {
        let count = text.count
        let lead = text[start]
        if lead == UInt8(ascii: "'"), let end = caseInsensitiveContractionEnd(text, from: start) {
            return end
        }
        let (kind, length) = ScalarClass.at(text, start)
        // `[^\r\n\p{L}\p{N}]?\p{L}+`
        var letters = -1
        if kind == .letter {
            letters = start
        } else if kind != .number && !isNewline(lead) && start + length < count,
            ScalarClass.at(text, start + length).0 == .letter
        {
            letters = start + length
        }
        if letters >= 0 { return runEnd(text, from: letters, of: .letter) }
        // `\p{N}{1,maxDigits}`
        if kind == .number {
            var end = start + length
            for _ in 0..<maxDigits - 1 where end < count {
                let (next, nextLength) = ScalarClass.at(text, end)
                if next != .number { break }
                end += nextLength
            }
            return end
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
        var symbols = -1
        if kind == .other {
            symbols = start
        } else if lead == UInt8(ascii: " ") && start + 1 < count
            && ScalarClass.at(text, start + 1).0 == .other
        {
            symbols = start + 1
        }
        if symbols >= 0 {
            var end = runEnd(text, from: symbols, of: .other)
            while end < count && isNewline(text[end]) { end += 1 }
            return end
        }
        // Whitespace: `\s*[\r\n]+` up to the run's last newline, else `\s+(?!\S)`, else `\s+`.
        var end = start
        var lastStart = start
        var afterNewline = -1
        while end < count {
            let (next, nextLength) = ScalarClass.at(text, end)
            if next != .whitespace { break }
            if isNewline(text[end]) { afterNewline = end + 1 }
            lastStart = end
            end += nextLength
        }
        if afterNewline > 0 { return afterNewline }
        if end == count || lastStart == start { return end }
        return lastStart
    }

    /// End of the run of `kind` scalars starting at `start` (whose first scalar is of that kind).
    private static func runEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, of kind: ScalarClass)
        -> Int
    {
        var end = start + ScalarClass.at(text, start).1
        while end < text.count {
            let (next, nextLength) = ScalarClass.at(text, end)
            if next != kind { break }
            end += nextLength
        }
        return end
    }

    /// End of `(?i:'s|'t|'re|'ve|'m|'ll|'d)` at `start` (an apostrophe), or nil. ASCII case folding only.
    private static func caseInsensitiveContractionEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int)
        -> Int?
    {
        guard start + 1 < text.count else { return nil }
        let first = text[start + 1] | 0x20
        switch first {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return start + 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            guard start + 2 < text.count else { return nil }
            let expected = first == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            return text[start + 2] | 0x20 == expected ? start + 3 : nil
        default:
            return nil
        }
    }
}
