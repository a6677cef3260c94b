import Testing
import TensorCore

@Suite("half-precision conversion")
struct HalfFloatTests {
    @Test("every Float16 bit pattern converts exactly like the standard library")
    func allHalfPatterns() {
        var mismatches = 0
        for bits in 0...UInt16.max {
            let want = Float(Float16(bitPattern: bits))
            let got = HalfFloat.float(fromHalf: bits)
            if want.isNaN ? !got.isNaN : got.bitPattern != want.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("bfloat16 is the top half of a Float32")
    func bf16() {
        for v: Float in [1, -2.5, 3.140625, 0, -0, .infinity, 1e-39] {
            let top = UInt16(v.bitPattern >> 16)
            #expect(HalfFloat.float(fromBF16: top).bitPattern == v.bitPattern & 0xffff_0000)
        }
    }

    @Test("unaligned buffers convert")
    func unaligned() {
        let halves: [Float16] = [1, -0.5, 65504, 6e-8]
        var bytes: [UInt8] = [0xee]
        for h in halves { bytes += withUnsafeBytes(of: h.bitPattern.littleEndian, Array.init) }
        var out = [Float](repeating: 0, count: halves.count)
        bytes.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { dst in
                if let b = raw.baseAddress, let d = dst.baseAddress {
                    HalfFloat.convertHalf(b + 1, count: halves.count, into: d)
                }
            }
        }
        #expect(out == halves.map { Float($0) })
    }
}
