import Foundation
import Testing
import TensorCore
@testable import ModelFiles

@Suite("safetensors")
struct SafetensorsTests {
    @Test("F32 tensors are viewed in place inside the mapped file")
    func f32InPlace() throws {
        let file = try SafetensorsFile(url: Fixtures.url("models/gpt2-tiny/model.safetensors"))
        let name = try #require(file.tensorNames.first { file.info($0)?.dtype == .f32 })
        let t = try file.tensor(name)
        let base = try #require(file.file.bytes.baseAddress)
        let p = UnsafeRawPointer(try #require(t.buffer.baseAddress))
        #expect(p >= base && p + t.count * 4 <= base + file.file.count)
        // Same bytes as a plain read of the file at the entry's range.
        let entry = try #require(file.entries.first { $0.name == name })
        let data = try Data(contentsOf: Fixtures.url("models/gpt2-tiny/model.safetensors"))
        let expected = data[entry.byteRange].withUnsafeBytes { raw in
            (0..<t.count).map {
                Float(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))
            }
        }
        #expect(t.values == expected)
        #expect(t.shape == entry.shape)
    }

    @Test("F16 checkpoint values convert exactly to Float32")
    func f16Values() throws {
        let url = Fixtures.url("models/llama-tiny/model.safetensors")
        let file = try SafetensorsFile(url: url)
        let f16 = file.entries.filter { $0.dtypeName == "F16" }
        #expect(!f16.isEmpty)
        let data = try Data(contentsOf: url)
        for e in f16.prefix(4) {
            let t = try file.tensor(e.name)
            let expected = data[e.byteRange].withUnsafeBytes { raw in
                (0..<t.count).map {
                    Float(
                        Float16(
                            bitPattern: raw.loadUnaligned(
                                fromByteOffset: 2 * $0,
                                as: UInt16.self)))
                }
            }
            #expect(t.values == expected, "\(e.name)")
        }
    }

    @Test("I32 reference ids read as Int32")
    func int32Ids() throws {
        let file = try SafetensorsFile(url: Fixtures.url("models/gpt2-tiny/reference.safetensors"))
        let name = try #require(file.entries.first { $0.dtypeName == "I32" }?.name)
        let (shape, ids) = try file.int32Tensor(name)
        #expect(ids.count == shape.reduce(1, *))
        #expect(ids.allSatisfy { $0 >= 0 && $0 < 50257 })
        let f32 = try #require(file.entries.first { $0.dtypeName == "F32" }?.name)
        #expect(throws: ModelFilesError.self) { try file.int32Tensor(f32) }
    }

    @Test("misaligned F32 data is copied, not misread")
    func misalignedCopy() throws {
        var header = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#
        while (8 + header.utf8.count) % 4 != 1 { header += " " }  // data starts at an odd byte
        #expect((8 + header.utf8.count) % 4 != 0)
        let values: [Float] = [1.5, -2.25, 3e-8]
        let dir = try Fixtures.tempFolder()
        let url = dir.appendingPathComponent("m.safetensors")
        try Fixtures.safetensors(header: header, data: Fixtures.floatBytes(values)).write(to: url)
        let file = try SafetensorsFile(url: url)
        let t = try file.tensor("a")
        #expect(t.values == values)
        let base = try #require(file.file.bytes.baseAddress)
        let p = UnsafeRawPointer(try #require(t.buffer.baseAddress))
        #expect(p < base || p >= base + file.file.count, "a misaligned view must be a copy")
    }

    @Test("a two-shard index reads every tensor from its shard")
    func sharded() throws {
        let dir = try Fixtures.tempFolder()
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6]
        try Fixtures.safetensors(
            header: #"{"x":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}"#,
            data: Fixtures.floatBytes(a)
        )
        .write(to: dir.appendingPathComponent("model-00001-of-00002.safetensors"))
        try Fixtures.safetensors(
            header: #"{"y":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
            data: Fixtures.floatBytes(b)
        )
        .write(to: dir.appendingPathComponent("model-00002-of-00002.safetensors"))
        let index =
            #"{"metadata":{},"weight_map":{"x":"model-00001-of-00002.safetensors","#
            + #""y":"model-00002-of-00002.safetensors"}}"#
        try Data(index.utf8).write(to: dir.appendingPathComponent("model.safetensors.index.json"))
        let w = try openWeights(folder: dir)
        #expect(w.tensorNames == ["x", "y"])
        #expect(try w.tensor("x").values == a)
        #expect(try w.tensor("x").shape == [2, 2])
        #expect(try w.tensor("y").values == b)
        #expect(throws: ModelFilesError.missingTensor(name: "z", file: "model.safetensors.index.json")) {
            try w.tensor("z")
        }
    }

    @Test("a folder without weights says so")
    func noWeights() throws {
        let dir = try Fixtures.tempFolder()
        #expect(throws: ModelFilesError.noWeights(folder: dir.path)) { try openWeights(folder: dir) }
    }
}
