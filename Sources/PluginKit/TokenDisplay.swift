/// How one prompt token is shown on a chip, an axis or a legend.
public struct TokenDisplayEntry: Sendable, Equatable {
    /// What to show: the token's text, with every character it completes (a character split over
    /// several byte tokens is shown on the token holding its last byte).
    public let text: String
    /// True when the token ends with part of a character that a later token completes (it may
    /// complete other characters before that, e.g. a space).
    public let partial: Bool
    /// For a partial token, the character it is part of (when a later token completes it).
    public let partOf: String?

    public init(text: String, partial: Bool = false, partOf: String? = nil) {
        self.text = text
        self.partial = partial
        self.partOf = partOf
    }

    /// The label a chart or chip shows: the text, then "◌" (a piece of a character) when partial.
    public var label: String { text + (partial ? "◌" : "") }
}

/// Turns the prompt's token texts (`\xE6`-style escapes for bytes that are not whole UTF-8) into
/// display entries: the completed character on the token that completes it, partial tokens marked.
///
/// Until the tokenizer reports bytes itself, the escapes the tokenizer writes are decoded back to
/// bytes here (a literal backslash-x in a prompt is then read as a byte too: a rare, harmless mix-up).
public enum TokenDisplay {
    public static func entries(_ texts: [String]) -> [TokenDisplayEntry] {
        var pending: [UInt8] = []
        var pendingOwners: [Int] = []
        var shown: [String] = Array(repeating: "", count: texts.count)
        var partOf: [Int: String] = [:]
        for (index, text) in texts.enumerated() {
            let bytes = pending + Self.bytes(text)
            let cut = completePrefixLength(bytes)
            let complete = Array(bytes[..<cut])
            let head = decode(complete)
            shown[index] = head
            if cut > 0, !pendingOwners.isEmpty {
                // The earlier partial tokens are part of the first character completed here.
                let first = head.first.map(String.init) ?? head
                for owner in pendingOwners { partOf[owner] = first }
                pendingOwners = []
            }
            pending = Array(bytes[cut...])
            if !pending.isEmpty { pendingOwners.append(index) }
        }
        // Pieces never completed (the prompt ends mid-character) are partial too.
        let owners = Set(pendingOwners)
        return texts.indices.map { i in
            TokenDisplayEntry(text: shown[i], partial: partOf[i] != nil || owners.contains(i), partOf: partOf[i])
        }
    }

    /// The UTF-8 bytes `text` stands for, with `\xNN` escapes read as single bytes.
    static func bytes(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count, utf8[i + 1] == UInt8(ascii: "x"),
                let hi = hex(utf8[i + 2]), let lo = hex(utf8[i + 3])
            {
                out.append(hi << 4 | lo)
                i += 4
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// The length of `bytes` without a trailing incomplete (but so far valid) UTF-8 sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        // Walk back over at most three continuation bytes to the sequence's lead byte.
        while start > 0, bytes.count - start < 4, bytes[start - 1] & 0xC0 == 0x80 { start -= 1 }
        guard start > 0 else { return bytes.count }
        let lead = bytes[start - 1]
        let need: Int
        switch lead {
        case 0xC2...0xDF: need = 2
        case 0xE0...0xEF: need = 3
        case 0xF0...0xF4: need = 4
        default: return bytes.count
        }
        let have = bytes.count - (start - 1)
        return have < need ? start - 1 : bytes.count
    }

    /// UTF-8 with stray bytes as `\xNN` escapes.
    static func decode(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var run: [UInt8] = []
        func flush() {
            if !run.isEmpty, let text = String(validating: run, as: UTF8.self) { out += text }
            run = []
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            if length > 0, i + length <= bytes.count,
                String(validating: bytes[i..<i + length], as: UTF8.self) != nil
            {
                run += bytes[i..<i + length]
                i += length
            } else {
                flush()
                out += "\\x" + String(b, radix: 16, uppercase: true).leftPadded(2)
                i += 1
            }
        }
        flush()
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
