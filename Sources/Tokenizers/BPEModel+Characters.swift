/// Symbols for vocabularies over characters rather than bytes (SentencePiece-style BPE in
/// `tokenizer.json`: Llama 2, Mistral, Gemma, Phi-3): each Unicode scalar of a word starts as its own
/// vocabulary entry; a scalar without one becomes its UTF-8 bytes as `<0xNN>` pieces (`byte_fallback`),
/// else the unknown token, with runs of unknowns fused into one when `fuse_unk` (HF `BPE::merge_word`).
struct CharacterSymbols: Sendable {
    /// Id of each ASCII character's entry, or -1.  // [128]
    let asciiIDs: [Int32]
    /// Id of each other single-scalar entry.
    let otherIDs: [UInt32: Int32]
    /// Id of `<0xNN>` for each byte, or -1; nil when byte fallback is off.  // [256]
    let byteFallbackIDs: [Int32]?
    /// The unknown token's id, if the model names one.
    let unknownID: Int32?
    /// Whether consecutive unknown characters become a single unknown token.
    let fusesUnknown: Bool

    init(vocabulary: [String: Int], byteFallback: Bool, unknownID: Int?, fusesUnknown: Bool) {
        var ascii = [Int32](repeating: -1, count: 128)
        var other: [UInt32: Int32] = [:]
        for (token, id) in vocabulary {
            let scalars = token.unicodeScalars
            guard let scalar = scalars.first, scalars.count == 1 else { continue }
            if scalar.value < 128 {
                ascii[Int(scalar.value)] = Int32(truncatingIfNeeded: id)
            } else {
                other[scalar.value] = Int32(truncatingIfNeeded: id)
            }
        }
        asciiIDs = ascii
        otherIDs = other
        if byteFallback {
            byteFallbackIDs = (0..<256).map { byte in
                vocabulary[Self.byteToken(UInt8(byte))].map { Int32(truncatingIfNeeded: $0) } ?? -1
            }
        } else {
            byteFallbackIDs = nil
        }
        self.unknownID = unknownID.map { Int32(truncatingIfNeeded: $0) }
        self.fusesUnknown = fusesUnknown
    }

    /// The vocabulary form of a byte piece: `<0x0A>` (upper-case hex, as HF and sentencepiece write it).
    static func byteToken(_ byte: UInt8) -> String {
        "<0x" + UTF8Validation.hex(byte) + ">"
    }

    /// The byte a `<0xNN>` piece stands for, or nil for any other token.
    static func byte(ofToken token: String) -> UInt8? {
        let utf8 = Array(token.utf8)
        guard utf8.count == 6, token.hasPrefix("<0x"), utf8[5] == UInt8(ascii: ">") else { return nil }
        return UInt8(String(decoding: utf8[3..<5], as: UTF8.self), radix: 16)
    }

    /// Appends the starting symbols of `word` (valid UTF-8) to `symbols`.
    func append(_ word: UnsafeBufferPointer<UInt8>, to symbols: inout [Int32]) {
        var pendingUnknown = false
        var index = 0
        while index < word.count {
            let (scalar, length) = Self.scalar(word, at: index)
            let id: Int32 = scalar < 128 ? asciiIDs[Int(scalar)] : otherIDs[scalar] ?? -1
            if id >= 0 {
                if pendingUnknown, let unknownID { symbols.append(unknownID) }
                pendingUnknown = false
                symbols.append(id)
            } else if let fallback = byteFallbackIDs,
                (index..<index + length).allSatisfy({ fallback[Int(word[$0])] >= 0 })
            {
                // As in HF, a pending unknown is not flushed before byte pieces.
                for position in index..<index + length { symbols.append(fallback[Int(word[position])]) }
            } else if let unknownID {
                if pendingUnknown && !fusesUnknown { symbols.append(unknownID) }
                pendingUnknown = true
            }
            index += length
        }
        if pendingUnknown, let unknownID { symbols.append(unknownID) }
    }

    /// The scalar value at `index` of valid UTF-8 and its length in bytes.
    @inline(__always)
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (lead >= 0xF0 ? 0x07 : lead >= 0xE0 ? 0x0F : 0x1F)
        let end = min(index + length, bytes.count)
        for position in index + 1..<max(index + 1, end) { value = value << 6 | UInt32(bytes[position] & 0x3F) }
        return (value, max(1, end - index))
    }
}
