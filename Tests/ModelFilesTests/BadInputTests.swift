import Foundation
import Testing
import TensorCore
@testable import ModelFiles

/// Every broken or hostile file ends in its own typed error (never a crash, hang or huge allocation).
@Suite("bad inputs")
struct BadInputTests {
    private func write(_ data: Data, _ name: String) throws -> URL {
        let url = try Fixtures.tempFolder().appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    @Test("truncated safetensors names the first tensor past the end")
    func truncatedSafetensors() throws {
        do {
            _ = try SafetensorsFile(url: Fixtures.url("bad/truncated.safetensors"))
            Issue.record("opened a truncated file")
        } catch let error as ModelFilesError {
            guard case .tensorPastEnd(let file, _, let end, let size) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(file == "truncated.safetensors" && size == 4768 && end > 4768)
            #expect(error.description.contains("truncated"))
        }
    }

    @Test("a header length of 2^40 in a 10-byte file fails at once")
    func headerTooLong() {
        #expect(
            throws: ModelFilesError.headerPastEnd(
                file: "header-too-long.safetensors", what: "JSON header", needed: (1 << 40) + 8, fileSize: 10)
        ) {
            try SafetensorsFile(url: Fixtures.url("bad/header-too-long.safetensors"))
        }
    }

    @Test("an offset past the data section is reported with its end byte")
    func offsetPastEnd() {
        #expect(
            throws: ModelFilesError.tensorPastEnd(
                file: "offset-past-end.safetensors", tensor: "w", end: 8 + 67 + 4096, fileSize: 139)
        ) {
            try SafetensorsFile(url: Fixtures.url("bad/offset-past-end.safetensors"))
        }
    }

    @Test("a shape whose size disagrees with its bytes is refused")
    func shapeSizeMismatch() {
        #expect(
            throws: ModelFilesError.sizeMismatch(
                file: "shape-size-mismatch.safetensors", tensor: "w", expectedBytes: 64, actualBytes: 60)
        ) {
            try SafetensorsFile(url: Fixtures.url("bad/shape-size-mismatch.safetensors"))
        }
    }

    @Test("GGUX magic is not GGUF")
    func badMagic() {
        #expect(throws: ModelFilesError.badMagic(file: "bad-magic.gguf", expected: "GGUF", found: "GGUX")) {
            try GGUFFile(url: Fixtures.url("bad/bad-magic.gguf"))
        }
    }

    @Test("a GGUF cut inside its token list says it is truncated")
    func truncatedGGUF() throws {
        // The cut falls inside tokenizer.ggml.tokens (49152 strings of ≥ 8 bytes each).
        #expect(
            throws: ModelFilesError.countTooLarge(
                file: "truncated.gguf", what: "array items", count: 49152, fileSize: 200_000)
        ) {
            try GGUFFile(url: Fixtures.url("bad/truncated.gguf"))
        }
        let message = ModelFilesError.countTooLarge(
            file: "truncated.gguf", what: "array items", count: 49152, fileSize: 200_000
        ).description
        #expect(message.contains("truncated"))
    }

    @Test("a GGUF whose tensor data is cut names the tensor past the end")
    func truncatedGGUFData() throws {
        let full = try Data(contentsOf: Fixtures.url("models/llama-tiny/llama-tiny-f32.gguf"))
        let url = try write(full.prefix(full.count - 1000), "cut.gguf")
        do {
            _ = try GGUFFile(url: url)
            Issue.record("opened a truncated file")
        } catch let error as ModelFilesError {
            guard case .tensorPastEnd(_, _, let end, let size) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(size == full.count - 1000 && end > UInt64(size))
            #expect(error.description.contains("truncated"))
        }
    }

    @Test("2^60 declared entries in 24 bytes fail fast")
    func absurdCounts() {
        let start = Date()
        #expect(
            throws: ModelFilesError.countTooLarge(
                file: "absurd-counts.gguf", what: "metadata entries", count: 1 << 60, fileSize: 24)
        ) {
            try GGUFFile(url: Fixtures.url("bad/absurd-counts.gguf"))
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    // MARK: crafted

    @Test("overlapping safetensors tensors are refused")
    func overlapping() throws {
        let header =
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        let url = try write(
            Fixtures.safetensors(header: header, data: Array(repeating: 0, count: 12)), "o.safetensors")
        #expect(throws: ModelFilesError.overlappingTensors(file: "o.safetensors", first: "a", second: "b")) {
            try SafetensorsFile(url: url)
        }
    }

    @Test("F16 dtype with F32-sized bytes is a size mismatch")
    func dtypeMismatch() throws {
        let header = #"{"a":{"dtype":"F16","shape":[4],"data_offsets":[0,16]}}"#
        let url = try write(
            Fixtures.safetensors(header: header, data: Array(repeating: 0, count: 16)), "d.safetensors")
        #expect(
            throws: ModelFilesError.sizeMismatch(
                file: "d.safetensors", tensor: "a", expectedBytes: 8,
                actualBytes: 16)
        ) {
            try SafetensorsFile(url: url)
        }
    }

    @Test("malformed safetensors JSON is an invalid header")
    func badJSON() throws {
        let url = try write(Fixtures.safetensors(header: "{not json", data: []), "j.safetensors")
        #expect(
            throws: ModelFilesError.invalidHeader(
                file: "j.safetensors", reason: "the JSON header does not parse")
        ) {
            try SafetensorsFile(url: url)
        }
    }

    @Test("GGUF version 1 and 4 are unsupported")
    func unsupportedVersion() throws {
        for v: UInt32 in [1, 4] {
            let url = try write(GGUFBuilder(version: v).data, "v.gguf")
            #expect(
                throws: ModelFilesError.unsupportedVersion(
                    file: "v.gguf", version: Int(v), supported: [2, 3])
            ) {
                try GGUFFile(url: url)
            }
        }
    }

    @Test("an unknown GGML tensor type is named")
    func unknownTensorType() throws {
        var b = GGUFBuilder()
        b.tensor("t", dims: [32], type: 99, offset: 0)
        let url = try write(b.data + Data(count: 64), "u.gguf")
        #expect(throws: ModelFilesError.unsupportedDType(file: "u.gguf", tensor: "t", dtype: "GGML type 99"))
        {
            try GGUFFile(url: url)
        }
    }

    @Test("a GGUF string longer than the file is refused without allocating it")
    func stringTooLong() throws {
        var b = GGUFBuilder(kvCount: 1)
        // A key length of 2^50, then junk.
        b.bytes += GGUFBuilder.le(UInt64(1) << 50) + [UInt8](repeating: 0, count: 24)
        let url = try write(b.data, "s.gguf")
        #expect(
            throws: ModelFilesError.stringTooLong(
                file: "s.gguf", length: 1 << 50, offset: 24,
                fileSize: b.data.count)
        ) {
            try GGUFFile(url: url)
        }
    }

    @Test("a GGUF array count beyond the file is refused")
    func arrayTooLong() throws {
        var b = GGUFBuilder(kvCount: 1)
        b.string("k")
        b.bytes += GGUFBuilder.le(UInt32(9)) + GGUFBuilder.le(UInt32(4)) + GGUFBuilder.le(UInt64(1) << 62)
        let url = try write(b.data, "a.gguf")
        #expect(
            throws: ModelFilesError.countTooLarge(
                file: "a.gguf", what: "array items", count: 1 << 62,
                fileSize: b.data.count)
        ) {
            try GGUFFile(url: url)
        }
    }

    @Test("GGUF tensors past the end or overlapping are refused")
    func ggufTensorBounds() throws {
        var past = GGUFBuilder()
        past.tensor("t", dims: [32, 4], type: 0, offset: 0)
        let u1 = try write(past.data + Data(count: 100), "p.gguf")
        #expect(throws: ModelFilesError.self) { try GGUFFile(url: u1) }
        do { _ = try GGUFFile(url: u1) } catch let e as ModelFilesError {
            if case .tensorPastEnd(_, "t", _, _) = e {} else { Issue.record("wrong error \(e)") }
        }
        var overlap = GGUFBuilder()
        overlap.tensor("a", dims: [32], type: 0, offset: 0)
        overlap.tensor("b", dims: [32], type: 0, offset: 96)
        let u2 = try write(overlap.data + Data(count: 1024), "ov.gguf")
        #expect(throws: ModelFilesError.overlappingTensors(file: "ov.gguf", first: "a", second: "b")) {
            try GGUFFile(url: u2)
        }
    }

    @Test("every error message says what to do")
    func messagesAreActionable() throws {
        let urls = [
            "truncated.safetensors", "header-too-long.safetensors", "offset-past-end.safetensors",
            "shape-size-mismatch.safetensors", "bad-magic.gguf", "truncated.gguf", "absurd-counts.gguf",
        ]
        for name in urls {
            let url = Fixtures.url("bad/" + name)
            do {
                _ =
                    name.hasSuffix(".gguf")
                    ? try GGUFFile(url: url).tensorNames : try SafetensorsFile(url: url).tensorNames
                Issue.record("\(name) opened")
            } catch let e as ModelFilesError {
                #expect(e.description.contains(name) && e.description.contains("download it again"), "\(e)")
            }
        }
    }
}

/// Builds small GGUF files for hostile-input tests.
struct GGUFBuilder {
    var bytes: [UInt8]

    init(version: UInt32 = 3, tensorCount: UInt64 = 0, kvCount: UInt64 = 0) {
        bytes = Array("GGUF".utf8) + Self.le(version) + Self.le(tensorCount) + Self.le(kvCount)
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.littleEndian, Array.init)
    }

    mutating func string(_ s: String) { bytes += Self.le(UInt64(s.utf8.count)) + Array(s.utf8) }

    /// Appends a tensor info and bumps the tensor count.
    mutating func tensor(_ name: String, dims: [UInt64], type: UInt32, offset: UInt64) {
        string(name)
        bytes += Self.le(UInt32(dims.count))
        for d in dims { bytes += Self.le(d) }
        bytes += Self.le(type) + Self.le(offset)
        let count = bytes[8..<16].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } + 1
        bytes.replaceSubrange(8..<16, with: Self.le(count))
    }

    /// The bytes, padded to the 32-byte alignment where the data section starts.
    var data: Data { Data(bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)) }
}
