import Foundation
import ModelFiles
import TensorCore

/// A minimal safetensors reader for the fixtures' reference tensors (F32, F16, I32 → Float32).
///
/// Kept in the tests so that the reference side does not depend on the reader under test.
struct ReferenceFile: WeightSource {
    let tensorNames: [String]
    private let infos: [String: (shape: [Int], dtype: String, start: Int, end: Int)]
    private let data: Data
    private let base: Int

    init(_ url: URL) throws {
        data = try Data(contentsOf: url, options: .alwaysMapped)
        let n = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header =
            try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + n))) as? [String: Any] ?? [:]
        base = 8 + n
        var infos: [String: (shape: [Int], dtype: String, start: Int, end: Int)] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let v = value as? [String: Any], let shape = v["shape"] as? [Int],
                let dtype = v["dtype"] as? String, let offs = v["data_offsets"] as? [Int]
            else { continue }
            infos[name] = (shape, dtype, offs[0], offs[1])
        }
        self.infos = infos
        tensorNames = infos.keys.sorted()
    }

    func info(_ name: String) -> TensorInfo? {
        guard let i = infos[name] else { return nil }
        let dt: DType = i.dtype == "F16" ? .f16 : i.dtype == "I32" ? .i32 : .f32
        return TensorInfo(name: name, shape: i.shape, dtype: dt)
    }

    func tensor(_ name: String) throws -> Tensor {
        guard let i = infos[name] else { throw ModelFilesError.missingTensor(name: name, file: "reference") }
        let bytes = data.subdata(in: (base + i.start)..<(base + i.end))
        let values: [Float] = bytes.withUnsafeBytes { raw in
            switch i.dtype {
            case "F16": raw.bindMemory(to: UInt16.self).map { Float(Float16(bitPattern: $0)) }
            case "I32": raw.bindMemory(to: Int32.self).map { Float($0) }
            default: Array(raw.bindMemory(to: Float.self))
            }
        }
        return Tensor(shape: i.shape, values: values)
    }

    func ints(_ name: String) throws -> [Int] { try tensor(name).values.map { Int($0) } }
}

/// Paths of the shared fixtures, found from this file's location.
enum Fixtures {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
            url.deleteLastPathComponent()
        }
        return url
    }()

    static let root = packageRoot.appendingPathComponent("../shared/fixtures").standardized
    static func model(_ name: String) -> URL { root.appendingPathComponent("models/\(name)") }
}
