/// The entries of a zip archive whose members are stored uncompressed (as `torch.save` writes them).
///
/// Reads the central directory (zip64 included) and each local header to find where every member's
/// bytes start; nothing is decompressed or copied.
struct ZipArchive {
    /// Member name → absolute byte range of its stored data.
    let entries: [String: Range<Int>]

    init(_ bytes: UnsafeRawBufferPointer, file: String) throws {
        func fail(_ reason: String) -> ModelFilesError { .invalidArchive(file: file, reason: reason) }
        func u16(_ o: Int) -> Int {
            Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
        }
        func u32(_ o: Int) -> Int {
            Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
        }
        func u64(_ o: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self))
        }
        let size = bytes.count
        guard size >= 22 else { throw fail("too short for a zip file") }
        if size >= 2, bytes[0] == 0x80 { throw fail("it is the legacy pre-1.6 torch.save format, not a zip") }
        // End of central directory: the last 22+ bytes, possibly followed by a comment of up to 64 KiB.
        var eocd = -1
        var p = size - 22
        while p >= max(0, size - 22 - 65_535) {
            if u32(p) == 0x0605_4b50 { eocd = p; break }
            p -= 1
        }
        guard eocd >= 0 else { throw fail("no end-of-central-directory record") }
        var count = UInt64(u16(eocd + 10))
        var cdSize = UInt64(u32(eocd + 12))
        var cdOffset = UInt64(u32(eocd + 16))
        if count == 0xffff || cdSize == 0xffff_ffff || cdOffset == 0xffff_ffff {
            let locator = eocd - 20
            guard locator >= 0, u32(locator) == 0x0706_4b50 else { throw fail("zip64 locator missing") }
            let record = u64(locator + 8)
            // UInt64 arithmetic: a file of fewer than 56 bytes must not make `size - 56` negative.
            guard UInt64(size) >= 56, record <= UInt64(size) - 56, u32(Int(record)) == 0x0606_4b50 else {
                throw fail("zip64 end record out of place")
            }
            count = u64(Int(record) + 32)
            cdSize = u64(Int(record) + 40)
            cdOffset = u64(Int(record) + 48)
        }
        guard cdOffset <= UInt64(size), cdSize <= UInt64(size) - cdOffset, count <= cdSize / 46 else {
            throw fail("central directory lies outside the file")
        }
        var list: [String: Range<Int>] = [:]
        var at = Int(cdOffset)
        let cdEnd = Int(cdOffset + cdSize)
        for _ in 0..<Int(count) {
            guard at + 46 <= cdEnd, u32(at) == 0x0201_4b50 else { throw fail("damaged central directory") }
            let method = u16(at + 10)
            var compressed = UInt64(u32(at + 20))
            var local = UInt64(u32(at + 42))
            let nameLen = u16(at + 28), extraLen = u16(at + 30), commentLen = u16(at + 32)
            guard at + 46 + nameLen + extraLen + commentLen <= cdEnd else {
                throw fail("damaged central directory")
            }
            let name = String(
                decoding: UnsafeRawBufferPointer(rebasing: bytes[(at + 46)..<(at + 46 + nameLen)]),
                as: UTF8.self)
            // Zip64 extra field: the 8-byte values replace the 0xffffffff ones, in this order.
            var e = at + 46 + nameLen
            let extraEnd = e + extraLen
            while e + 4 <= extraEnd {
                let id = u16(e), len = u16(e + 2)
                if id == 1 {
                    var f = e + 4
                    if u32(at + 24) == 0xffff_ffff, f + 8 <= extraEnd { f += 8 }
                    if compressed == 0xffff_ffff, f + 8 <= extraEnd { compressed = u64(f); f += 8 }
                    if local == 0xffff_ffff, f + 8 <= extraEnd { local = u64(f) }
                }
                e += 4 + len
            }
            guard method == 0 else { throw fail("member \(name) is compressed (method \(method))") }
            guard UInt64(size) >= 30, local <= UInt64(size) - 30, u32(Int(local)) == 0x0403_4b50 else {
                throw fail("member \(name) has no local header")
            }
            let start = Int(local) + 30 + u16(Int(local) + 26) + u16(Int(local) + 28)
            guard start <= size, compressed <= UInt64(size - start) else {
                throw ModelFilesError.tensorPastEnd(
                    file: file, tensor: name, end: UInt64(start) + compressed, fileSize: size)
            }
            list[name] = start..<(start + Int(compressed))
            at += 46 + nameLen + extraLen + commentLen
        }
        entries = list
    }
}
