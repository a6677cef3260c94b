/// How one token of a sequence is shown in the window: what to write on it, and whether it holds only
/// a piece of a character (issue 13, item 12).
///
/// A character's UTF-8 bytes may be spread over several tokens: SentencePiece byte pieces
/// (`<0xE6>` `<0x97>` `<0xA5>` for "日") or byte-level BPE tokens that cut a character ("Caf\xC3" +
/// "\xA9"). The character is shown on the token holding its last byte; the tokens before it show what
/// else they hold (possibly nothing) and are flagged.
public struct TokenDisplayEntry: Sendable, Equatable {
    /// The token's id.
    public var id: Int
    /// The text to show on the token: every character whose last byte is in this token, spaces and
    /// newlines as they are (the charts' `TokenLabel` turns a space into `␣`), a byte that can never be
    /// part of a character as `\xNN`; "" when the token only starts or continues a character that ends
    /// later; `#id` for an id outside the vocabulary.
    public var text: String
    /// Whether some byte of this token belongs to a character that is split over several tokens (or
    /// that the sequence cuts off at its end). Such a token shows only part of what it stands for:
    /// mark it (for example with a dashed outline, and "…" when `text` is empty).
    public var holdsPartialCharacter: Bool
    /// Whether `text` starts with a character that began in an earlier token.
    public var completesCharacter: Bool
    /// Whether the token ends inside a character: its last byte starts or continues a character that a
    /// later token completes (or that the sequence cuts off). The window marks such a token "◌".
    public var endsInsideCharacter: Bool
    /// For a token that ends inside a character a later token completes: that character.
    public var partOf: String?

    public init(
        id: Int, text: String, holdsPartialCharacter: Bool, completesCharacter: Bool,
        endsInsideCharacter: Bool = false, partOf: String? = nil
    ) {
        self.id = id
        self.text = text
        self.holdsPartialCharacter = holdsPartialCharacter
        self.completesCharacter = completesCharacter
        self.endsInsideCharacter = endsInsideCharacter
        self.partOf = partOf
    }
}

extension TextTokenizer {
    /// The display entries of a token sequence, one per id, in order: each character is shown on the
    /// token that completes it, and tokens holding only part of a character are flagged.
    ///
    /// Call it with the whole prompt (not token by token): whether a token completes a character depends
    /// on its neighbours. Works for every tokenizer through `bytes(forID:)`, so a SentencePiece `▁` is
    /// already a space and a byte piece `<0xE6>` the byte E6. An id outside the vocabulary shows as `#id`
    /// and cuts the sequence (no character spans it).
    public func displayEntries(forIDs ids: [Int]) -> [TokenDisplayEntry] {
        var entries = ids.map {
            TokenDisplayEntry(id: $0, text: "", holdsPartialCharacter: false, completesCharacter: false)
        }
        var bytes: [UInt8] = []
        var owners: [Int] = []  // the entry each byte of `bytes` comes from
        func flush() {
            Self.assignCharacters(bytes, owners, to: &entries)
            bytes.removeAll()
            owners.removeAll()
        }
        for (index, id) in ids.enumerated() {
            guard let tokenBytes = try? self.bytes(forID: id) else {
                flush()
                entries[index].text = "#\(id)"
                continue
            }
            bytes.append(contentsOf: tokenBytes)
            owners.append(contentsOf: repeatElement(index, count: tokenBytes.count))
        }
        flush()
        return entries
    }

    /// Walks `bytes` character by character and writes each onto the entry that holds its last byte.
    private static func assignCharacters(_ bytes: [UInt8], _ owners: [Int], to entries: inout [TokenDisplayEntry]) {
        var position = 0
        while position < bytes.count {
            let length = UTF8Validation.sequenceLength(bytes, at: position)
            if length > 0 {
                let first = owners[position]
                let last = owners[position + length - 1]
                let character = String(decoding: bytes[position..<position + length], as: UTF8.self)
                if first != last {
                    for owner in first...last { entries[owner].holdsPartialCharacter = true }
                    if entries[last].text.isEmpty { entries[last].completesCharacter = true }
                    for owner in first..<last {
                        entries[owner].endsInsideCharacter = true
                        entries[owner].partOf = character
                    }
                }
                entries[last].text += character
                position += length
                continue
            }
            // Not a whole character: a truncated one at the very end is partial; any other byte is escaped.
            let prefix = UTF8Validation.prefixLength(bytes, at: position)
            let truncated = prefix > 0 && position + prefix == bytes.count
            for offset in 0..<max(1, truncated ? prefix : 1) {
                let owner = owners[position + offset]
                entries[owner].text += UTF8Validation.escape(bytes[position + offset])
                if truncated {
                    entries[owner].holdsPartialCharacter = true
                    entries[owner].endsInsideCharacter = true
                }
            }
            position += max(1, truncated ? prefix : 1)
        }
    }
}
