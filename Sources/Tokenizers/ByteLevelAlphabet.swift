/// GPT-2's `bytes_to_unicode`: every byte gets a printable stand-in character.
///
/// Byte-level vocabularies store tokens in this form (a space is "Ġ", a newline "Ċ"), so mapping
/// between bytes and vocabulary strings goes through this table in both directions.
public enum ByteLevelAlphabet {
    /// The stand-in scalar for each byte, indexed by byte value.  // [256]
    public static let scalarForByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var extra: UInt32 = 256
        for byte in 0..<256 {
            let printable =
                (33...126).contains(byte) || (161...172).contains(byte)
                || (174...255).contains(byte)
            let value = printable ? UInt32(byte) : extra
            if !printable { extra += 1 }
            table[byte] = Unicode.Scalar(value) ?? " "
        }
        return table
    }()

    /// The byte a stand-in scalar means, indexed by scalar value (-1 where none).  // [324]
    public static let byteForScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 324)
        for (byte, scalar) in scalarForByte.enumerated() { table[Int(scalar.value)] = Int16(byte) }
        return table
    }()

    /// The vocabulary form of some bytes (e.g. " world" → "Ġworld").
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(scalarForByte[Int(byte)]) }
        return String(text)
    }

    /// The bytes a vocabulary string stands for, or nil if it contains a character outside the alphabet.
    public static func decode(_ token: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            let value = Int(scalar.value)
            guard value < byteForScalar.count, byteForScalar[value] >= 0 else { return nil }
            bytes.append(UInt8(byteForScalar[value]))
        }
        return bytes
    }
}
