import Foundation
import Testing
@testable import ModelFiles

/// Regression tests for the crafted inputs of issue 15: FIFOs, a zip64 trap, metadata amplification,
/// messages that echoed whole inputs. Each ends in a typed error, at once, with little memory.
@Suite("hostile files")
struct HostileFileTests {
    private func folder() throws -> URL { try Fixtures.tempFolder() }

    private func fifo(_ name: String, in dir: URL) -> URL {
        let url = dir.appendingPathComponent(name)
        #expect(mkfifo(url.path, 0o644) == 0)
        return url
    }

    @Test("a FIFO given as a GGUF model fails at once as not a regular file")
    func fifoModel() throws {
        let url = fifo("m.gguf", in: try folder())
        #expect(throws: ModelFilesError.notRegularFile(path: url.path, kind: "a FIFO (named pipe)")) {
            try GGUFFile(url: url)
        }
    }

    @Test("a FIFO named as a shard by an index fails at once")
    func fifoShard() throws {
        let dir = try folder()
        let index = dir.appendingPathComponent("model.safetensors.index.json")
        try Data(#"{"weight_map": {"w": "shard.safetensors"}}"#.utf8).write(to: index)
        let shard = fifo("shard.safetensors", in: dir)
        #expect(throws: ModelFilesError.notRegularFile(path: shard.path, kind: "a FIFO (named pipe)")) {
            try ShardedSafetensors(indexURL: index)
        }
        // And a FIFO index or config.json, read through the same path.
        let pipe = fifo("config.json", in: dir)
        #expect(throws: ModelFilesError.notRegularFile(path: pipe.path, kind: "a FIFO (named pipe)")) {
            try RegularFile.read(pipe)
        }
    }

    @Test("a folder named like a model file is refused as a folder")
    func folderAsFile() throws {
        let dir = try folder().appendingPathComponent("x.gguf")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(throws: ModelFilesError.notRegularFile(path: dir.path, kind: "a folder")) { try GGUFFile(url: dir) }
    }

    @Test("a side file above its limit is refused by size before it is read")
    func sideFileLimit() throws {
        let url = try folder().appendingPathComponent("config.json")
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data("{".utf8)))
        #expect(truncate(url.path, off_t(RegularFile.configLimit + 1)) == 0)
        #expect(
            throws: ModelFilesError.fileTooLarge(
                path: url.path, size: RegularFile.configLimit + 1, limit: RegularFile.configLimit)
        ) { try RegularFile.read(url, limit: RegularFile.configLimit) }
    }

    @Test("a safetensors header above 24 MiB is refused before it is parsed")
    func safetensorsHeaderCap() throws {
        let url = try folder().appendingPathComponent("big.safetensors")
        var d = Data()
        withUnsafeBytes(of: UInt64(SafetensorsFile.headerLimit + 1).littleEndian) { d.append(contentsOf: $0) }
        try d.write(to: url)
        #expect(truncate(url.path, off_t(SafetensorsFile.headerLimit + 64)) == 0)
        do {
            _ = try SafetensorsFile(url: url)
            Issue.record("opened")
        } catch ModelFilesError.invalidHeader(_, let reason) {
            #expect(reason.contains("more than"))
        }
    }

    @Test("a safetensors header declaring more than 100,000 tensors is refused before it is parsed")
    func safetensorsEntryCap() throws {
        let url = try folder().appendingPathComponent("many.safetensors")
        let count = SafetensorsFile.entryLimit + 1
        let json = "{" + (0..<count).map { "\"t\($0)\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}" }
            .joined(separator: ",") + "}"
        var d = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { d.append(contentsOf: $0) }
        d.append(Data(json.utf8))
        try d.write(to: url)
        let started = Date()
        do {
            _ = try SafetensorsFile(url: url)
            Issue.record("opened")
        } catch ModelFilesError.invalidHeader(_, let reason) {
            #expect(reason.contains("more than 100000 tensors"), "\(reason)")
        }
        // Refused by the count before the JSON parse (the reason above says so; a parse would have opened
        // it). Not a timing test: under a loaded debug run even the count took a second once. This bound
        // only catches a hang.
        #expect(Date().timeIntervalSince(started) < 30)
        let sample = Array("xabab a".utf8)
        #expect(sample.withUnsafeBytes { SafetensorsFile.count(of: Array("ab".utf8), in: $0) } == 2)
        #expect(sample.withUnsafeBytes { SafetensorsFile.count(of: Array("abx".utf8), in: $0) } == 0)
    }

    /// EOCD with zip64 markers preceded by a zip64 locator whose record offset is 0, padded in front.
    static func tinyZip64(size: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size - 42)
        func le(_ v: UInt64, _ n: Int) { for i in 0..<n { bytes.append(UInt8((v >> (8 * UInt64(i))) & 0xff)) } }
        le(0x0706_4b50, 4); le(0, 4); le(0, 8); le(1, 4)  // locator: record at offset 0
        le(0x0605_4b50, 4); le(0, 4); le(0xffff, 2); le(0xffff, 2); le(0xffff_ffff, 4); le(0xffff_ffff, 4); le(0, 2)
        return bytes
    }

    @Test("a 42–55-byte zip64 file is a typed error, not a trap")
    func zip64Tiny() {
        for size in 42...55 {
            let bytes = Self.tinyZip64(size: size)
            #expect(bytes.count == size)
            #expect(throws: ModelFilesError.invalidArchive(file: "z", reason: "zip64 end record out of place")) {
                try bytes.withUnsafeBytes { try ZipArchive($0, file: "z") }
            }
        }
    }

    @Test("a central directory entry pointing at a local header in a file under 30 bytes is a typed error")
    func localHeaderInTinyFile() {
        // EOCD: one entry, central directory of 46 bytes at 0 … in a 22-byte file: refused as outside.
        var bytes: [UInt8] = [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0, 46, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        bytes.append(contentsOf: [])
        #expect(throws: ModelFilesError.self) { try bytes.withUnsafeBytes { try ZipArchive($0, file: "z") } }
    }

    /// A GGUF v3 with no tensors and one metadata array of `count` u8 values.
    static func ggufWithByteArray(count: Int) -> Data {
        var d = Data("GGUF".utf8)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        u32(3); u64(0); u64(1)
        u64(1); d.append(contentsOf: Array("a".utf8))
        u32(9); u32(0); u64(UInt64(count))
        d.append(Data(count: count))
        return d
    }

    @Test("a GGUF whose metadata holds more values than the cap fails before decoding them")
    func metadataAmplification() throws {
        let count = GGUFFile.metadataValueLimit + 1
        let url = try folder().appendingPathComponent("big.gguf")
        try Self.ggufWithByteArray(count: count).write(to: url)
        #expect(
            throws: ModelFilesError.metadataTooLarge(
                file: "big.gguf", items: count + 1, limit: GGUFFile.metadataValueLimit)
        ) { try GGUFFile(url: url) }
        // Just under the cap still opens.
        try Self.ggufWithByteArray(count: 1000).write(to: url)
        #expect(try GGUFFile(url: url).metadata["a"]?.array?.count == 1000)
    }

    @Test("an error quoting a 1 MB tensor name stays one short line that still says what to do")
    func clippedMessage() throws {
        var d = Data("GGUF".utf8)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        u32(3); u64(1); u64(0)
        let name = String(repeating: "n\n", count: 500_000)
        u64(UInt64(name.utf8.count)); d.append(contentsOf: Array(name.utf8))
        u32(9)  // 9 dimensions: refused
        let url = try folder().appendingPathComponent("long.gguf")
        try d.write(to: url)
        do {
            _ = try GGUFFile(url: url)
            Issue.record("opened")
        } catch let error as ModelFilesError {
            let text = error.description
            #expect(text.count <= ErrorText.messageLimit + 40)
            #expect(!text.contains("\n"))
            #expect(text.contains("characters left out"))
            #expect(text.hasSuffix("download it again."))
        }
    }

    @Test("clip keeps short text, flattens control characters and keeps both ends of long text")
    func clip() {
        #expect(ErrorText.clip("short") == "short")
        #expect(ErrorText.clip("a\nb") == "a b")
        let long = ErrorText.clip("start " + String(repeating: "x", count: 10_000) + " end", 100)
        #expect(long.hasPrefix("start ") && long.hasSuffix(" end") && long.count < 140)
    }
}
