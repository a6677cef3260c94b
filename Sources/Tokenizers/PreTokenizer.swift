/// Cuts text into the words BPE sees, as Hugging Face's `ByteLevel` (optionally after `Digits`) does.
///
/// The GPT-2 pattern `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
/// is matched by a hand-written scanner over UTF-8 (Swift `Regex` is far too slow), with the same
/// leftmost-first semantics, including the look-ahead that leaves the last space of a whitespace run
/// to start the next word.
public struct PreTokenizer: Sendable, Equatable {
    /// How numbers are cut before the pattern runs (HF `Digits`; llama.cpp's "smollm" pre-tokenizer).
    public enum DigitSplitting: Sendable, Equatable {
        /// No digit step.
        case none
        /// Every `\p{N}` character is a piece of its own (`Digits(individual_digits=true)`).
        case individual
        /// Each run of `\p{N}` characters is one piece (`Digits(individual_digits=false)`).
        case grouped
    }

    /// The split pattern of the ByteLevel step.
    public enum Pattern: Sendable, Equatable {
        /// GPT-2's (also SmolLM2, OPT).
        case gpt2
        /// Llama-3's (case-insensitive contractions, numbers in threes, newline-aware).
        case llama3
        /// Qwen2's: Llama-3's with single digits.
        case qwen2

        /// The pattern a `tokenizer.json` `Split` step spells out, or nil when it is not one of these.
        static func known(_ regex: String) -> Pattern? {
            switch regex {
            case BPETokenizer.gpt2Pattern: return .gpt2
            case PreTokenizer.llama3Pattern, PreTokenizer.llama3PatternSpelledOut: return .llama3
            case PreTokenizer.qwen2Pattern, PreTokenizer.qwen2PatternSpelledOut: return .qwen2
            default: return nil
            }
        }

        /// End of this pattern's match at `start` (there is always one, of at least one scalar).
        @inline(__always)
        func matchEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
            switch self {
            case .gpt2: return PreTokenizer.matchEnd(text, from: start)
            case .llama3: return PreTokenizer.llama3MatchEnd(text, from: start)
            case .qwen2: return PreTokenizer.qwen2MatchEnd(text, from: start)
            }
        }
    }

    /// The digit step run before the pattern.
    public var digits: DigitSplitting
    /// Which pattern cuts each piece into words.
    public var pattern: Pattern
    /// Prepend a space to each piece that does not start with one (HF `add_prefix_space`).
    public var addPrefixSpace: Bool
    /// Apply the GPT-2 pattern (HF `use_regex`); when false each piece is one word.
    public var usesPattern: Bool

    public init(
        digits: DigitSplitting = .none, pattern: Pattern = .gpt2, addPrefixSpace: Bool = false,
        usesPattern: Bool = true
    ) {
        self.digits = digits
        self.pattern = pattern
        self.addPrefixSpace = addPrefixSpace
        self.usesPattern = usesPattern
    }

    /// Calls `body` with the bytes of each word of `bytes` (valid UTF-8), in order.
    func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard !bytes.isEmpty else { return }
        switch digits {
        case .none:
            byteLevel(bytes, body)
        case .individual, .grouped:
            var start = 0
            var index = 0
            while index < bytes.count {
                let (kind, length) = ScalarClass.at(bytes, index)
                if kind != .number {
                    index += length
                    continue
                }
                if start < index { byteLevel(slice(bytes, start..<index), body) }
                var end = index + length
                if digits == .grouped {
                    while end < bytes.count {
                        let (next, nextLength) = ScalarClass.at(bytes, end)
                        if next != .number { break }
                        end += nextLength
                    }
                }
                byteLevel(slice(bytes, index..<end), body)
                start = end
                index = end
            }
            if start < bytes.count { byteLevel(slice(bytes, start..<bytes.count), body) }
        }
    }

    private func slice(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8>
    {
        UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// The ByteLevel step on one piece: optional prefix space, then the pattern.
    private func byteLevel(_ piece: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void)
    {
        if addPrefixSpace && piece.first != UInt8(ascii: " ") {
            var spaced = [UInt8(ascii: " ")]
            spaced.append(contentsOf: piece)
            spaced.withUnsafeBufferPointer { split($0, body) }
        } else {
            split(piece, body)
        }
    }

    private func split(_ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard usesPattern else {
            body(text)
            return
        }
        var index = 0
        switch pattern {
        case .gpt2:
            while index < text.count {
                let end = Self.matchEnd(text, from: index)
                body(slice(text, index..<end))
                index = end
            }
        case .llama3, .qwen2:
            let pattern = pattern
            while index < text.count {
                let end = pattern.matchEnd(text, from: index)
                body(slice(text, index..<end))
                index = end
            }
        }
    }

    /// End of the GPT-2 pattern's match starting at `start` (there is always one, of at least one scalar).
    static func matchEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = text.count
        let lead = text[start]
        if lead == UInt8(ascii: "'"), let end = contractionEnd(text, from: start) { return end }
        var (kind, length) = ScalarClass.at(text, start)
        var runStart = start
        if lead == UInt8(ascii: " ") && start + 1 < count {
            let (next, nextLength) = ScalarClass.at(text, start + 1)
            if next != .whitespace {
                kind = next
                length = nextLength
                runStart = start + 1
            }
        }
        var end = runStart + length
        if kind != .whitespace {
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: a run of one class.
            while end < count {
                let (next, nextLength) = ScalarClass.at(text, end)
                if next != kind { break }
                end += nextLength
            }
            return end
        }
        // `\s+(?!\S)|\s+`: the whole run at the end of text or when it is one scalar,
        // else all but its last scalar (which then leads the next word).
        var lastStart = start
        while end < count {
            let (next, nextLength) = ScalarClass.at(text, end)
            if next != .whitespace { break }
            lastStart = end
            end += nextLength
        }
        if end == count || lastStart == start { return end }
        return lastStart
    }

    /// End of `'s|'t|'re|'ve|'m|'ll|'d` at `start` (which holds an apostrophe), or nil.
    private static func contractionEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start + 1 < text.count else { return nil }
        switch text[start + 1] {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return start + 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            guard start + 2 < text.count else { return nil }
            let expected: UInt8 =
                switch text[start + 1] {
                case UInt8(ascii: "r"), UInt8(ascii: "v"): UInt8(ascii: "e")
                default: UInt8(ascii: "l")
                }
            return text[start + 2] == expected ? start + 3 : nil
        default:
            return nil
        }
    }
}
