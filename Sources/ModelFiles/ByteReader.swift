/// A bounds-checked little-endian cursor over a file's bytes.
///
/// Every read checks the remaining length first, so hostile lengths and counts end in a typed
/// error instead of a crash or a huge allocation.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let file: String
    var offset = 0
    /// Metadata values decoded so far (GGUF), bounded by `GGUFFile.metadataValueLimit`.
    var metadataValues = 0

    init(_ bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Bytes left after the cursor.
    var remaining: Int { bytes.count - offset }

    /// Throws unless `n` more bytes exist.
    func need(_ n: Int, _ what: String) throws {
        guard n <= remaining else {
            throw ModelFilesError.headerPastEnd(
                file: file, what: what, needed: UInt64(offset) + UInt64(max(n, 0)), fileSize: bytes.count)
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws -> T {
        try need(MemoryLayout<T>.size, what)
        let v = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return v
    }

    /// A u64-length-prefixed UTF-8 string (GGUF).
    mutating func string() throws -> String {
        let start = offset
        let length = try read(UInt64.self, "string length")
        guard length <= UInt64(remaining) else {
            throw ModelFilesError.stringTooLong(
                file: file, length: length, offset: start, fileSize: bytes.count)
        }
        let s = String(
            decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Int(length))]),
            as: UTF8.self)
        offset += Int(length)
        return s
    }

    /// A count of items of at least `minSize` bytes each; throws when they cannot fit in the rest of the file.
    mutating func count(_ what: String, minSize: Int) throws -> Int {
        let n = try read(UInt64.self, "\(what) count")
        guard n <= UInt64(remaining / max(minSize, 1)) else {
            throw ModelFilesError.countTooLarge(file: file, what: what, count: n, fileSize: bytes.count)
        }
        return Int(n)
    }
}
