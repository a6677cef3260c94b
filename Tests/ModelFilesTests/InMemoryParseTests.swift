import Foundation
import Testing
@testable import ModelFiles

/// The fuzz harness parses its inputs from a heap copy (`MappedFile(copying:path:)`) instead of a file.
/// These tests hold that path to the mapped one: same entries, same values, same errors.
@Suite("parsing from memory")
struct InMemoryParseTests {
    private func copy(of url: URL) throws -> MappedFile {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { MappedFile(copying: $0, path: url.path) }
    }

    @Test("a GGUF file parsed from a heap copy has the mapped file's metadata, entries and values")
    func gguf() throws {
        let url = Fixtures.url("quant/types.gguf")
        let mapped = try GGUFFile(url: url)
        let heap = try GGUFFile(file: try copy(of: url))
        #expect(heap.metadata == mapped.metadata)
        #expect(heap.entries == mapped.entries)
        #expect(!mapped.entries.isEmpty)
        for name in mapped.tensorNames {
            #expect(Array(try heap.tensor(name).buffer) == Array(try mapped.tensor(name).buffer), "\(name)")
        }
    }

    @Test("safetensors and a PyTorch zip parsed from a heap copy read as the mapped files")
    func safetensorsAndZip() throws {
        let st = Fixtures.url("models/opt-tiny/model.safetensors")
        let mappedST = try SafetensorsFile(url: st)
        let heapST = try SafetensorsFile(file: try copy(of: st))
        #expect(heapST.entries == mappedST.entries)
        let pt = Fixtures.url("models/opt-tiny/pytorch_model.bin")
        let mappedPT = try PyTorchCheckpoint(url: pt)
        let heapPT = try PyTorchCheckpoint(file: try copy(of: pt))
        #expect(heapPT.tensorNames == mappedPT.tensorNames)
        #expect(!mappedPT.tensorNames.isEmpty)
        for name in mappedPT.tensorNames.prefix(8) {
            #expect(Array(try heapPT.tensor(name).buffer) == Array(try mappedPT.tensor(name).buffer), "\(name)")
        }
    }

    @Test("a truncated copy fails with the same error as the truncated file, naming the given path")
    func truncatedCopy() throws {
        let dir = try Fixtures.tempFolder()
        let url = dir.appendingPathComponent("cut.gguf")
        let whole = try Data(contentsOf: Fixtures.url("quant/types.gguf"))
        try whole.prefix(100).write(to: url)
        var fromFile: (any Error)?
        var fromHeap: (any Error)?
        do { _ = try GGUFFile(url: url) } catch { fromFile = error }
        do { _ = try GGUFFile(file: try copy(of: url)) } catch { fromHeap = error }
        let file = try #require(fromFile as? ModelFilesError)
        #expect(fromHeap as? ModelFilesError == file)
        #expect("\(file)".contains("cut.gguf"))
    }

    @Test("an empty copy is an empty file: GGUF reports the missing magic")
    func emptyCopy() {
        let empty = MappedFile(copying: UnsafeRawBufferPointer(start: nil, count: 0), path: "/x/empty.gguf")
        #expect(empty.count == 0)
        #expect(throws: ModelFilesError.self) { try GGUFFile(file: empty) }
    }
}
