/// The character classes the GPT-2 pre-tokenizer pattern distinguishes.
///
/// They follow the regex crate's (and Oniguruma's) Unicode meaning: `\p{L}` is general category L*,
/// `\p{N}` is N* (Nd, Nl, No), `\s` is the White_Space property; everything else is "other".
enum ScalarClass: UInt8 {
    case letter, number, whitespace, other

    /// The class of the scalar starting at `index` in valid UTF-8, and its length in bytes.
    @inline(__always)
    static func at(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (ScalarClass, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (ascii(lead), 1) }
        var value: UInt32
        var length: Int
        if lead >= 0xF0 {
            value = UInt32(lead & 0x07)
            length = 4
        } else if lead >= 0xE0 {
            value = UInt32(lead & 0x0F)
            length = 3
        } else {
            value = UInt32(lead & 0x1F)
            length = 2
        }
        let end = min(index + length, bytes.count)
        var position = index + 1
        while position < end {
            value = (value << 6) | UInt32(bytes[position] & 0x3F)
            position += 1
        }
        guard let scalar = Unicode.Scalar(value) else { return (.other, max(1, end - index)) }
        return (of(scalar), max(1, end - index))
    }

    @inline(__always)
    static func ascii(_ byte: UInt8) -> ScalarClass {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case 0x09...0x0D, 0x20: return .whitespace
        default: return .other
        }
    }

    /// The class of any scalar, from its Unicode properties.
    static func of(_ scalar: Unicode.Scalar) -> ScalarClass {
        if scalar.isASCII { return ascii(UInt8(scalar.value)) }
        let properties = scalar.properties
        if properties.isWhitespace { return .whitespace }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }
}
