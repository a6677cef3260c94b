import Testing
import TensorCore

/// Hand-built blocks with values worked out from the GGML format description.
/// (The exact match against gguf-py for every type is in ModelFilesTests, on `quant/types.gguf`.)
@Suite("dequantization kernels")
struct DequantizeTests {
    private func run(_ dtype: DType, _ block: [UInt8]) -> [Float] {
        #expect(block.count == dtype.blockBytes)
        var out = [Float](repeating: .nan, count: dtype.blockSize)
        block.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { dst in
                if let b = raw.baseAddress, let d = dst.baseAddress {
                    Dequantize.toFloat(dtype, b, count: dtype.blockSize, into: d)
                }
            }
        }
        return out
    }

    private func half(_ v: Float16) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) }

    @Test("Q8_0 is scale times signed bytes")
    func q8_0() {
        let qs: [UInt8] = (0..<32).map { (i: Int) -> UInt8 in UInt8(bitPattern: Int8(i - 16)) }
        let want: [Float] = (0..<32).map { (i: Int) -> Float in Float(i - 16) * 0.5 }
        #expect(run(.q8_0, half(0.5) + qs) == want)
    }

    @Test("Q4_0 puts low nibbles first, then high nibbles, offset by 8")
    func q4_0() {
        let qs: [UInt8] = (0..<16).map { (i: Int) -> UInt8 in UInt8(i) | (UInt8(15 - i) << 4) }
        let low: [Float] = (0..<16).map { (i: Int) -> Float in Float(i - 8) * 2 }
        let high: [Float] = (0..<16).map { (i: Int) -> Float in Float(7 - i) * 2 }
        let want = low + high
        #expect(run(.q4_0, half(2) + qs) == want)
    }

    @Test("Q4_1 adds the minimum")
    func q4_1() {
        let qs = [UInt8](repeating: 0x31, count: 16)
        #expect(
            run(.q4_1, half(0.25) + half(-1) + qs) == [Float](repeating: -0.75, count: 16)
                + [Float](repeating: -0.25, count: 16))
    }

    @Test("Q5_0 takes bit j of qh as the fifth bit of value j")
    func q5_0() {
        let qh: [UInt8] = [0x01, 0, 0x01, 0x80]  // bits 0, 16, 31
        var want = [Float](repeating: -16, count: 32)
        want[0] = 0; want[16] = 0; want[31] = 0
        #expect(run(.q5_0, half(1) + qh + [UInt8](repeating: 0, count: 16)) == want)
    }

    @Test("byte counts are whole blocks only")
    func byteCounts() {
        #expect(DType.q4_K.byteCount(elements: 512) == 288)
        #expect(DType.q8_0.byteCount(elements: 33) == nil)
        #expect(DType.f16.byteCount(elements: 3) == 6)
        #expect(DType.q8_0.byteCount(elements: Int.max / 32 * 32) == nil)  // 34 bytes per 32 overflows
    }
}
