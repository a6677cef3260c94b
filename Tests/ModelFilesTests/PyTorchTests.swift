import Foundation
import Testing
import TensorCore
@testable import ModelFiles

@Suite("PyTorch checkpoints")
struct PyTorchTests {
    @Test("pytorch_model.bin gives exactly the values of model.safetensors")
    func optTinyMatchesSafetensors() throws {
        let bin = try PyTorchCheckpoint(url: Fixtures.url("models/opt-tiny/pytorch_model.bin"))
        let st = try SafetensorsFile(url: Fixtures.url("models/opt-tiny/model.safetensors"))
        #expect(Set(bin.tensorNames).isSuperset(of: Set(st.tensorNames)))
        #expect(!st.tensorNames.isEmpty)
        for name in st.tensorNames {
            let a = try bin.tensor(name), b = try st.tensor(name)
            #expect(a.shape == b.shape, "\(name)")
            #expect(bin.info(name)?.dtype == .f16)
            let same =
                a.count == b.count && zip(a.values, b.values).allSatisfy { $0.bitPattern == $1.bitPattern }
            #expect(same, "\(name)")
        }
    }

    @Test("a pickle calling os.system is refused and nothing runs")
    func evilPickleRefused() throws {
        #expect(throws: ModelFilesError.unsafePickle(file: "evil_pytorch_model.bin", global: "posix.system"))
        {
            try PyTorchCheckpoint(url: Fixtures.url("bad/evil_pytorch_model.bin"))
        }
    }

    @Test("openWeights falls back to pytorch_model.bin")
    func folderFallback() throws {
        let dir = try Fixtures.tempFolder()
        try FileManager.default.copyItem(
            at: Fixtures.url("models/opt-tiny/pytorch_model.bin"),
            to: dir.appendingPathComponent("pytorch_model.bin"))
        let w = try openWeights(folder: dir)
        #expect(w is PyTorchCheckpoint)
        #expect(!w.tensorNames.isEmpty)
    }

    @Test("a crafted non-contiguous tensor is gathered in row-major order")
    func stridedView() throws {
        // A [2, 3] view with strides (1, 2) of storage [0 1 2 3 4 5] is its transpose of a [3, 2].
        var pkl: [UInt8] = [0x80, 2, 0x7d, 0x28]
        func str(_ s: String) -> [UInt8] {
            [0x58] + withUnsafeBytes(of: UInt32(s.utf8.count).littleEndian, Array.init) + Array(s.utf8)
        }
        pkl += str("w") + Array("ctorch._utils\n_rebuild_tensor_v2\n".utf8) + [0x28, 0x28] + str("storage")
        pkl += Array("ctorch\nFloatStorage\n".utf8) + str("0") + str("cpu") + [0x4b, 6, 0x74, 0x51]
        pkl += [0x4b, 0, 0x4b, 2, 0x4b, 3, 0x86, 0x4b, 1, 0x4b, 2, 0x86, 0x89, 0x4e, 0x74, 0x52, 0x75, 0x2e]
        let storage = Fixtures.floatBytes([0, 1, 2, 3, 4, 5])
        let url = try Fixtures.tempFolder().appendingPathComponent("pytorch_model.bin")
        try TestZip.stored([("archive/data.pkl", pkl), ("archive/data/0", storage)]).write(to: url)
        let t = try PyTorchCheckpoint(url: url).tensor("w")
        #expect(t.shape == [2, 3])
        #expect(t.values == [0, 2, 4, 1, 3, 5])
    }
}

extension PyTorchTests {
    private func load(_ pkl: [UInt8]) throws -> PyTorchCheckpoint {
        let url = try Fixtures.tempFolder().appendingPathComponent("pytorch_model.bin")
        try TestZip.stored([("archive/data.pkl", pkl)]).write(to: url)
        return try PyTorchCheckpoint(url: url)
    }

    private func expectUnsupported(_ pkl: [UInt8], _ note: String) {
        do {
            _ = try load(pkl)
            Issue.record("\(note): accepted")
        } catch let e as ModelFilesError {
            if case .unsupportedPickle = e {} else { Issue.record("\(note): wrong error \(e)") }
        } catch {
            Issue.record("\(note): untyped error \(error)")
        }
    }

    @Test("deep nesting, quadratic appends and foreign opcodes are refused quickly")
    func hostilePickles() {
        let start = Date()
        // 100 000 nested 1-tuples would overflow the stack when freed.
        expectUnsupported([0x80, 2, 0x4e] + [UInt8](repeating: 0x85, count: 100_000) + [0x2e], "deep")
        // A memoized list appended to 300 000 times would copy ~10^11 elements.
        var appends: [UInt8] = [0x80, 2, 0x5d, 0x71, 0]
        for _ in 0..<300_000 { appends += [0x4e, 0x61] }
        expectUnsupported(appends + [0x2e], "appends")
        // INST (`i`) builds arbitrary objects; it is not part of a state dict.
        expectUnsupported([0x80, 2, 0x28] + Array("iposix\nsystem\n".utf8) + [0x2e], "INST")
        // A stream that ends without STOP.
        #expect(throws: ModelFilesError.self) { try load([0x80, 2, 0x7d]) }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("an empty state dict opens with no tensors")
    func emptyDict() throws {
        #expect(try load([0x80, 2, 0x7d, 0x2e]).tensorNames.isEmpty)
    }
}

/// Writes minimal stored-only zip archives for tests.
enum TestZip {
    static func stored(_ members: [(String, [UInt8])]) -> Data {
        var out = [UInt8](), central = [UInt8]()
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        for (name, data) in members {
            let offset = UInt32(out.count), n = Array(name.utf8)
            out += le(UInt32(0x0403_4b50)) + le(UInt16(20)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0))
            out +=
                le(UInt32(0)) + le(UInt32(data.count)) + le(UInt32(data.count)) + le(UInt16(n.count))
                + le(UInt16(0))
            out += n + data
            central +=
                le(UInt32(0x0201_4b50)) + le(UInt16(20)) + le(UInt16(20)) + le(UInt16(0)) + le(UInt16(0))
            central += le(UInt32(0)) + le(UInt32(0)) + le(UInt32(data.count)) + le(UInt32(data.count))
            central += le(UInt16(n.count)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0))
            central += le(UInt32(0)) + le(offset) + n
        }
        let cdOffset = UInt32(out.count)
        out += central
        out += le(UInt32(0x0605_4b50)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(members.count))
        out += le(UInt16(members.count)) + le(UInt32(central.count)) + le(cdOffset) + le(UInt16(0))
        return Data(out)
    }
}
