/// One step of a `tokenizer.json` pre-tokenizer, for the files the byte-level fast path
/// (`PreTokenizer`) does not cover: SentencePiece-style Metaspace, literal Splits, and any order of
/// steps. Each step cuts every piece of text into smaller pieces, as HF's `PreTokenizedString` does.
public enum PreTokenizerStep: Sendable, Equatable {
    /// When Metaspace puts its replacement before a piece (HF `PrependScheme`).
    public enum PrependScheme: String, Sendable, Equatable {
        /// Before every piece that does not already start with the replacement.
        case always
        /// Only before the piece that starts the input (offset 0), and only when it does not already start
        /// with the replacement; so " hi" gets none and the text after an added token gets none.
        case first
        /// Never.
        case never
    }

    /// What happens to the text a `Split` pattern matches (HF `SplitDelimiterBehavior`).
    public enum SplitBehavior: String, Sendable, Equatable {
        /// Matches are dropped.
        case removed
        /// Every match is a piece of its own.
        case isolated
        /// A match joins the text before it.
        case mergedWithPrevious
        /// A match joins the text after it.
        case mergedWithNext
        /// Runs of adjacent matches become one piece.
        case contiguous
    }

    /// What a `Split` step looks for.
    public enum SplitPattern: Sendable, Equatable {
        /// A literal string, in UTF-8.
        case literal([UInt8])
        /// One of the hand-matched regular expressions (GPT-2, Llama-3, Qwen2).
        case pattern(PreTokenizer.Pattern)
    }

    /// Spaces become `replacement` (`▁`), which is then put before the piece per `prepend`; with
    /// `split`, the piece is cut before every replacement (HF `Metaspace`).
    case metaspace(replacement: String, prepend: PrependScheme, split: Bool)
    /// Cuts at the pattern's matches (HF `Split`); `invert` swaps matches and the text between them.
    case split(SplitPattern, behavior: SplitBehavior, invert: Bool)
    /// Cuts out numbers: every `\p{N}` character alone, or runs of them (HF `Digits`).
    case digits(individual: Bool)
    /// A space before a piece that lacks one, the GPT-2 pattern when `useRegex`, and then bytes as
    /// byte-level symbols; only allowed as the last step (HF `ByteLevel`).
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
}

/// A piece of text being pre-tokenized, and whether it starts the input (for Metaspace's "first").
struct TextPiece {
    var bytes: [UInt8]
    var startsInput: Bool
}

extension PreTokenizerStep {
    /// The pieces this step cuts `piece` into, in order, without empty ones.
    func apply(_ piece: TextPiece) -> [TextPiece] {
        switch self {
        case .metaspace(let replacement, let prepend, let split):
            let marker = Array(replacement.utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(piece.bytes.count + marker.count)
            for byte in piece.bytes {
                if byte == UInt8(ascii: " ") { bytes.append(contentsOf: marker) } else { bytes.append(byte) }
            }
            let prepends =
                switch prepend {
                case .always: true
                case .first: piece.startsInput
                case .never: false
                }
            if prepends && !marker.isEmpty && !bytes.starts(with: marker) { bytes.insert(contentsOf: marker, at: 0) }
            let whole = TextPiece(bytes: bytes, startsInput: piece.startsInput)
            guard split, !marker.isEmpty else { return bytes.isEmpty ? [] : [whole] }
            return Self.cut(whole, Self.literalMatches(marker, in: bytes), .mergedWithNext)
        case .split(let pattern, let behavior, let invert):
            let matches: [Range<Int>]
            switch pattern {
            case .literal(let literal): matches = Self.literalMatches(literal, in: piece.bytes)
            case .pattern(let known): matches = Self.patternMatches(known, in: piece.bytes)
            }
            return Self.cut(piece, matches, behavior, invert: invert)
        case .digits(let individual):
            let matches = Self.digitMatches(in: piece.bytes)
            return Self.cut(piece, matches, individual ? .isolated : .contiguous)
        case .byteLevel(let addPrefixSpace, let useRegex):
            var bytes = piece.bytes
            if addPrefixSpace && bytes.first != UInt8(ascii: " ") { bytes.insert(UInt8(ascii: " "), at: 0) }
            let spaced = TextPiece(bytes: bytes, startsInput: piece.startsInput)
            guard useRegex else { return bytes.isEmpty ? [] : [spaced] }
            return Self.cut(spaced, Self.patternMatches(.gpt2, in: bytes), .isolated)
        }
    }

    /// Non-overlapping occurrences of `literal`, left to right.
    static func literalMatches(_ literal: [UInt8], in bytes: [UInt8]) -> [Range<Int>] {
        guard !literal.isEmpty, bytes.count >= literal.count else { return [] }
        var matches: [Range<Int>] = []
        var index = 0
        while index + literal.count <= bytes.count {
            if bytes[index] == literal[0] && bytes[index..<index + literal.count].elementsEqual(literal) {
                matches.append(index..<index + literal.count)
                index += literal.count
            } else {
                index += 1
            }
        }
        return matches
    }

    /// The matches of a hand-matched pattern: they cover the whole text.
    static func patternMatches(_ pattern: PreTokenizer.Pattern, in bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { buffer in
            var matches: [Range<Int>] = []
            var index = 0
            while index < buffer.count {
                let end = pattern.matchEnd(buffer, from: index)
                matches.append(index..<end)
                index = end
            }
            return matches
        }
    }

    /// Every `\p{N}` character.
    static func digitMatches(in bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { buffer in
            var matches: [Range<Int>] = []
            var index = 0
            while index < buffer.count {
                let (kind, length) = ScalarClass.at(buffer, index)
                if kind == .number { matches.append(index..<index + length) }
                index += length
            }
            return matches
        }
    }

    /// Cuts `piece` at `matches` (sorted, non-overlapping) the way `behavior` says, as HF's `split` does.
    static func cut(
        _ piece: TextPiece, _ matches: [Range<Int>], _ behavior: SplitBehavior, invert: Bool = false
    ) -> [TextPiece] {
        // Every part of the text, flagged as match or not.
        var parts: [(range: Range<Int>, isMatch: Bool)] = []
        var position = 0
        for match in matches where !match.isEmpty {
            if position < match.lowerBound { parts.append((position..<match.lowerBound, invert)) }
            parts.append((match, !invert))
            position = match.upperBound
        }
        if position < piece.bytes.count { parts.append((position..<piece.bytes.count, invert)) }
        var ranges: [Range<Int>] = []
        var previousMatch = false
        switch behavior {
        case .removed:
            ranges = parts.filter { !$0.isMatch }.map(\.range)
        case .isolated:
            ranges = parts.map(\.range)
        case .mergedWithPrevious:
            for part in parts {
                if part.isMatch && !previousMatch, let last = ranges.last {
                    ranges[ranges.count - 1] = last.lowerBound..<part.range.upperBound
                } else {
                    ranges.append(part.range)
                }
                previousMatch = part.isMatch
            }
        case .mergedWithNext:
            for part in parts.reversed() {
                if part.isMatch && !previousMatch, let last = ranges.last {
                    ranges[ranges.count - 1] = part.range.lowerBound..<last.upperBound
                } else {
                    ranges.append(part.range)
                }
                previousMatch = part.isMatch
            }
            ranges.reverse()
        case .contiguous:
            for part in parts {
                if part.isMatch == previousMatch, let last = ranges.last {
                    ranges[ranges.count - 1] = last.lowerBound..<part.range.upperBound
                } else {
                    ranges.append(part.range)
                }
                previousMatch = part.isMatch
            }
        }
        return ranges.filter { !$0.isEmpty }.map {
            TextPiece(bytes: Array(piece.bytes[$0]), startsInput: piece.startsInput && $0.lowerBound == 0)
        }
    }
}
