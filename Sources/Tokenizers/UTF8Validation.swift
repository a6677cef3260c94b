/// Well-formed UTF-8 (Unicode table 3-7) at a byte position, for showing tokens whose bytes are not
/// whole characters.
enum UTF8Validation {
    /// The first byte and the allowed range of the second byte for each lead, and the length.
    @inline(__always)
    private static func lead(_ byte: UInt8) -> (length: Int, low: UInt8, high: UInt8)? {
        switch byte {
        case 0x00...0x7F: return (1, 0x80, 0xBF)
        case 0xC2...0xDF: return (2, 0x80, 0xBF)
        case 0xE0: return (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: return (3, 0x80, 0xBF)
        case 0xED: return (3, 0x80, 0x9F)
        case 0xF0: return (4, 0x90, 0xBF)
        case 0xF1...0xF3: return (4, 0x80, 0xBF)
        case 0xF4: return (4, 0x80, 0x8F)
        default: return nil
        }
    }

    /// Length of the well-formed sequence at `index`, or 0 if there is none.
    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        guard let (length, _, _) = lead(bytes[index]) else { return 0 }
        return prefixLength(bytes, at: index) == length ? length : 0
    }

    /// How many bytes from `index` are a well-formed beginning of one character (at most its length),
    /// or 0 when the byte at `index` cannot start one.
    static func prefixLength(_ bytes: [UInt8], at index: Int) -> Int {
        guard let (length, low, high) = lead(bytes[index]) else { return 0 }
        var count = 1
        while count < length && index + count < bytes.count {
            let byte = bytes[index + count]
            let (from, to): (UInt8, UInt8) = count == 1 ? (low, high) : (0x80, 0xBF)
            guard byte >= from && byte <= to else { break }
            count += 1
        }
        return count
    }

    /// `\xHH` (upper-case hex).
    static func escape(_ byte: UInt8) -> String {
        "\\x" + hex(byte)
    }

    /// Two upper-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}
