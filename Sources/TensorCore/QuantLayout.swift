/// How a storage type packs values: `blockSize` values in `blockBytes` bytes.
///
/// Quantized GGUF types store fixed-size blocks (32 values for the legacy types, 256 for K-quants);
/// plain types are blocks of one value.
extension DType {
    /// Values per block.
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16, .i32, .i64: 1
        case .q8_0, .q4_0, .q4_1, .q5_0, .q5_1: 32
        case .q4_K, .q5_K, .q6_K: 256
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .f32, .i32: 4
        case .f16, .bf16: 2
        case .i64: 8
        case .q8_0: 34
        case .q4_0: 18
        case .q4_1: 20
        case .q5_0: 22
        case .q5_1: 24
        case .q4_K: 144
        case .q5_K: 176
        case .q6_K: 210
        }
    }

    /// Bytes that `count` values take, or nil when `count` is not a whole number of blocks or overflows.
    public func byteCount(elements count: Int) -> Int? {
        guard count >= 0, count % blockSize == 0 else { return nil }
        let (bytes, overflow) = (count / blockSize).multipliedReportingOverflow(by: blockBytes)
        return overflow ? nil : bytes
    }

    /// True for types `Dequantize.toFloat` converts (every type except the integer ones).
    public var isConvertibleToFloat: Bool { self != .i32 && self != .i64 }
}
