import TensorCore

/// GGML tensor type ids as GGUF stores them, with the block layout of each.
enum GGMLType {
    /// (values, bytes) per block for every type whose size is known; nil for unknown ids.
    static func layout(_ id: UInt32) -> (blockSize: Int, blockBytes: Int)? {
        if let d = dtype(id) { return (d.blockSize, d.blockBytes) }
        switch id {
        case 9: return (32, 36)  // Q8_1
        case 10: return (256, 84)  // Q2_K
        case 11: return (256, 110)  // Q3_K
        case 15: return (256, 292)  // Q8_K
        case 24: return (1, 1)  // I8
        case 25: return (1, 2)  // I16
        case 28: return (1, 8)  // F64
        default: return nil
        }
    }

    /// The `DType` of a GGML type id TokenGen reads.
    static func dtype(_ id: UInt32) -> DType? {
        switch id {
        case 0: .f32
        case 1: .f16
        case 2: .q4_0
        case 3: .q4_1
        case 6: .q5_0
        case 7: .q5_1
        case 8: .q8_0
        case 12: .q4_K
        case 13: .q5_K
        case 14: .q6_K
        case 26: .i32
        case 27: .i64
        case 30: .bf16
        default: nil
        }
    }

    /// A readable name for messages.
    static func name(_ id: UInt32) -> String {
        if let d = dtype(id) { return d.rawValue }
        let names: [UInt32: String] = [
            9: "Q8_1", 10: "Q2_K", 11: "Q3_K", 15: "Q8_K", 24: "I8", 25: "I16", 28: "F64",
        ]
        return names[id] ?? "GGML type \(id)"
    }
}
