import Foundation
import TestScratch

/// One tensor to write: name, shape outermost first (numpy order), values.
struct NamedTensor {
    var name: String
    var shape: [Int]
    var values: [Float]
}

/// Writes the test checkpoints built from the fixtures: safetensors in F32 / F16 / BF16 (one file, or
/// shards with an index) and all-F32 GGUF files, independently of the readers under test.
enum CheckpointWriter {
    /// The dtypes a safetensors file may be written in.
    enum DType: String { case f32 = "F32", f16 = "F16", bf16 = "BF16" }

    /// bfloat16 bits of `x`, rounded to nearest even as torch's `.to(torch.bfloat16)` does.
    static func bf16Bits(_ x: Float) -> UInt16 {
        let bits = x.bitPattern
        return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16)
    }

    /// The Float32 value a bfloat16 round trip leaves.
    static func roundedToBF16(_ x: Float) -> Float { Float(bitPattern: UInt32(bf16Bits(x)) << 16) }

    /// A safetensors file holding `tensors` stored as `dtype`.
    static func safetensors(_ tensors: [NamedTensor], dtype: DType) -> Data {
        var header: [String: Any] = [:]
        var body = Data()
        for t in tensors {
            let start = body.count
            for v in t.values {
                switch dtype {
                case .f32: withUnsafeBytes(of: v.bitPattern.littleEndian) { body.append(contentsOf: $0) }
                case .f16:
                    withUnsafeBytes(of: Float16(v).bitPattern.littleEndian) { body.append(contentsOf: $0) }
                case .bf16: withUnsafeBytes(of: bf16Bits(v).littleEndian) { body.append(contentsOf: $0) }
                }
            }
            header[t.name] = [
                "dtype": dtype.rawValue, "shape": t.shape, "data_offsets": [start, body.count],
            ]
        }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data()
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json + body
    }

    /// Writes `tensors` into `folder` as `shards` safetensors files plus `model.safetensors.index.json`
    /// (or one `model.safetensors` when `shards` is 1).
    static func writeSafetensors(_ tensors: [NamedTensor], dtype: DType, shards: Int, folder: URL) throws {
        guard shards > 1 else {
            try safetensors(tensors, dtype: dtype).write(
                to: folder.appendingPathComponent("model.safetensors"))
            return
        }
        var weightMap: [String: String] = [:]
        let per = (tensors.count + shards - 1) / shards
        for s in 0..<shards {
            let part = Array(tensors.dropFirst(s * per).prefix(per))
            let file = String(format: "model-%05d-of-%05d.safetensors", s + 1, shards)
            try safetensors(part, dtype: dtype).write(to: folder.appendingPathComponent(file))
            for t in part { weightMap[t.name] = file }
        }
        let index = try JSONSerialization.data(withJSONObject: ["metadata": [:], "weight_map": weightMap])
        try index.write(to: folder.appendingPathComponent("model.safetensors.index.json"))
    }

    /// A GGUF metadata value.
    enum Value {
        case u32(UInt32), f32(Float), bool(Bool), string(String)
    }

    /// A version-3 GGUF file with every tensor F32 (dims written innermost first, data aligned to 32).
    static func gguf(metadata: [(String, Value)], tensors: [NamedTensor]) -> Data {
        var out = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func string(_ s: String) {
            u64(UInt64(s.utf8.count))
            out.append(contentsOf: Array(s.utf8))
        }
        out.append(contentsOf: Array("GGUF".utf8))
        u32(3)
        u64(UInt64(tensors.count))
        u64(UInt64(metadata.count))
        for (key, value) in metadata {
            string(key)
            switch value {
            case .u32(let v): u32(4); u32(v)
            case .f32(let v): u32(6); u32(v.bitPattern)
            case .bool(let v): u32(7); out.append(v ? 1 : 0)
            case .string(let v): u32(8); string(v)
            }
        }
        var offset = 0
        for t in tensors {
            string(t.name)
            u32(UInt32(t.shape.count))
            for d in t.shape.reversed() { u64(UInt64(d)) }
            u32(0)  // F32
            u64(UInt64(offset))
            offset += (t.values.count * 4 + 31) / 32 * 32
        }
        while out.count % 32 != 0 { out.append(0) }
        for t in tensors {
            for v in t.values {
                withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
            while out.count % 32 != 0 { out.append(0) }
        }
        return out
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        try TestScratch.folder("checkpoint")
    }
}
