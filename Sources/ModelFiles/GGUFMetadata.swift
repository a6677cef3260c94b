/// Reading GGUF metadata values (the thirteen value types, arrays nested).
extension ByteReader {
    /// Smallest encoded size of one value of GGUF type `type` (bounds array counts before allocating).
    static func minSize(ofGGUFType type: UInt32) -> Int? {
        switch type {
        case 0, 1, 7: 1
        case 2, 3: 2
        case 4, 5, 6: 4
        case 10, 11, 12: 8
        case 8: 8  // u64 length
        case 9: 12  // u32 type + u64 count
        default: nil
        }
    }

    /// One value of GGUF type `type`; `depth` bounds array nesting.
    mutating func ggufValue(type: UInt32, depth: Int = 0) throws -> GGUFValue {
        switch type {
        case 0: return .uint8(try read(UInt8.self, "metadata value"))
        case 1: return .int8(try read(Int8.self, "metadata value"))
        case 2: return .uint16(try read(UInt16.self, "metadata value"))
        case 3: return .int16(try read(Int16.self, "metadata value"))
        case 4: return .uint32(try read(UInt32.self, "metadata value"))
        case 5: return .int32(try read(Int32.self, "metadata value"))
        case 6: return .float32(Float(bitPattern: try read(UInt32.self, "metadata value")))
        case 7: return .bool(try read(UInt8.self, "metadata value") != 0)
        case 8: return .string(try string())
        case 10: return .uint64(try read(UInt64.self, "metadata value"))
        case 11: return .int64(try read(Int64.self, "metadata value"))
        case 12: return .float64(Double(bitPattern: try read(UInt64.self, "metadata value")))
        case 9:
            guard depth < 16 else {
                throw ModelFilesError.invalidHeader(file: file, reason: "metadata arrays nested too deeply")
            }
            let itemType = try read(UInt32.self, "array item type")
            guard let size = Self.minSize(ofGGUFType: itemType) else {
                throw ModelFilesError.invalidHeader(
                    file: file, reason: "unknown metadata value type \(itemType)")
            }
            let n = try count("array items", minSize: size)
            // Each decoded value takes ~24 bytes however small it was in the file (a u8 array would
            // otherwise grow 25×): bound the total, whatever the file size.
            metadataValues += n
            guard metadataValues <= GGUFFile.metadataValueLimit else {
                throw ModelFilesError.metadataTooLarge(
                    file: file, items: metadataValues, limit: GGUFFile.metadataValueLimit)
            }
            var items: [GGUFValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try ggufValue(type: itemType, depth: depth + 1)) }
            return .array(items)
        default:
            throw ModelFilesError.invalidHeader(file: file, reason: "unknown metadata value type \(type)")
        }
    }
}
