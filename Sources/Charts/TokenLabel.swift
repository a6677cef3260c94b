/// Turns a token's text into something visible on a chart.
///
/// Tokens often are or start with whitespace, which would otherwise draw as nothing; invalid or
/// partial UTF-8 (byte tokens) is shown as `\xNN` escapes.
public enum TokenLabel {
    /// Spaces → `␣`, newline → `↵`, tab → `⇥`, carriage return → `␍`, other controls → `\xNN`.
    /// Escapes such as `\xE2` already in the text are kept as given. When `maxCharacters` is set,
    /// longer labels are cut and end in "…".
    public static func display(_ s: String, maxCharacters: Int? = nil) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case " ": out += "␣"
            case "\n": out += "↵"
            case "\t": out += "⇥"
            case "\r": out += "␍"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += hexEscape(UInt8(scalar.value))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        if out.isEmpty { out = "∅" }
        guard let maxCharacters else { return out }
        return truncate(out, maxCharacters: maxCharacters)
    }

    /// Decodes UTF-8 bytes, showing every byte that is not part of a valid sequence as `\xNN`.
    public static func display(bytes: [UInt8], maxCharacters: Int? = nil) -> String {
        var text = ""
        var i = 0
        while i < bytes.count {
            let length = sequenceLength(bytes, at: i)
            if length > 0, let piece = String(validating: bytes[i..<i + length], as: UTF8.self) {
                text += piece
                i += length
            } else {
                text += hexEscape(bytes[i])
                i += 1
            }
        }
        return display(text, maxCharacters: maxCharacters)
    }

    /// Cuts `s` to at most `maxCharacters` characters, the last being "…".
    public static func truncate(_ s: String, maxCharacters: Int) -> String {
        guard maxCharacters > 0 else { return "" }
        guard s.count > maxCharacters else { return s }
        return String(s.prefix(maxCharacters - 1)) + "…"
    }

    private static func hexEscape(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 0xF)])
    }

    /// Length of the well-formed UTF-8 sequence starting at `i`, or 0 if it is not one.
    private static func sequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard i + length <= b.count else { return 0 }
        for k in 1..<length where b[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }
}
