import Dispatch

/// GGML block formats to Float32, bit-exact with gguf-py's reference `dequantize`.
///
/// Each kernel reads `blocks` whole blocks from `src` (any alignment, little-endian) and writes
/// `blocks × blockSize` floats to `dst`. The arithmetic order follows gguf-py (for example
/// `d * q + m` for Q4_1, `(d * sc) * q - dmin * m` for Q4_K) so results match to the bit.
public enum Dequantize {
    /// Converts `count` values of type `dtype` at `src` into `dst`; large tensors use every core.
    /// `count` must be a whole number of blocks and `src` must hold `dtype.byteCount(elements:)` bytes.
    public static func toFloat(
        _ dtype: DType, _ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        let blocks = count / dtype.blockSize
        let chunkBlocks = max(1, (1 << 18) / dtype.blockSize)  // 256 K values a task
        let chunks = (blocks + chunkBlocks - 1) / chunkBlocks
        if chunks <= 1 {
            run(dtype, src, blocks: blocks, into: dst)
            return
        }
        nonisolated(unsafe) let out = dst, input = src
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let first = c * chunkBlocks
            let n = min(chunkBlocks, blocks - first)
            run(dtype, input + first * dtype.blockBytes, blocks: n, into: out + first * dtype.blockSize)
        }
    }

    /// One thread's share: dispatches to the type's kernel.
    static func run(
        _ dtype: DType, _ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        switch dtype {
        case .f32: HalfFloat.copyFloat32(src, count: blocks, into: dst)
        case .f16: HalfFloat.convertHalf(src, count: blocks, into: dst)
        case .bf16: HalfFloat.convertBF16(src, count: blocks, into: dst)
        case .q8_0: q8_0(src, blocks: blocks, into: dst)
        case .q4_0: q4_0(src, blocks: blocks, into: dst)
        case .q4_1: q4_1(src, blocks: blocks, into: dst)
        case .q5_0: q5_0(src, blocks: blocks, into: dst)
        case .q5_1: q5_1(src, blocks: blocks, into: dst)
        case .q4_K: q4_K(src, blocks: blocks, into: dst)
        case .q5_K: q5_K(src, blocks: blocks, into: dst)
        case .q6_K: q6_K(src, blocks: blocks, into: dst)
        case .i32:
            for i in 0..<blocks { dst[i] = Float(src.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)) }
        case .i64:
            for i in 0..<blocks { dst[i] = Float(src.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)) }
        }
    }

    @inline(__always)
    static func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        HalfFloat.float(
            fromHalf: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    @inline(__always)
    static func byte(_ p: UnsafeRawPointer, _ offset: Int) -> UInt8 {
        p.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// Q8_0 — 34 bytes: f16 d, 32 × int8 q. `y = d * q`.
    public static func q8_0(_ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 34, y = dst + b * 32
            let d = half(p, 0)
            for j in 0..<32 { y[j] = d * Float(Int8(bitPattern: byte(p, 2 + j))) }
        }
    }

    /// Q4_0 — 18 bytes: f16 d, 16 bytes of nibbles (low = values 0–15, high = 16–31). `y = d * (q - 8)`.
    public static func q4_0(_ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 18, y = dst + b * 32
            let d = half(p, 0)
            for j in 0..<16 {
                let q = byte(p, 2 + j)
                y[j] = d * Float(Int(q & 0x0f) - 8)
                y[j + 16] = d * Float(Int(q >> 4) - 8)
            }
        }
    }

    /// Q4_1 — 20 bytes: f16 d, f16 m, 16 bytes of nibbles. `y = d * q + m`.
    public static func q4_1(_ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 20, y = dst + b * 32
            let d = half(p, 0), m = half(p, 2)
            for j in 0..<16 {
                let q = byte(p, 4 + j)
                y[j] = d * Float(q & 0x0f) + m
                y[j + 16] = d * Float(q >> 4) + m
            }
        }
    }

    /// Q5_0 — 22 bytes: f16 d, 32 high bits (u32), 16 bytes of nibbles. `y = d * (q - 16)`.
    public static func q5_0(_ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 22, y = dst + b * 32
            let d = half(p, 0)
            let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            for j in 0..<16 {
                let q = UInt32(byte(p, 6 + j))
                let lo = (q & 0x0f) | (((qh >> UInt32(j)) & 1) << 4)
                let hi = (q >> 4) | (((qh >> UInt32(j + 16)) & 1) << 4)
                y[j] = d * Float(Int(lo) - 16)
                y[j + 16] = d * Float(Int(hi) - 16)
            }
        }
    }

    /// Q5_1 — 24 bytes: f16 d, f16 m, 32 high bits (u32), 16 bytes of nibbles. `y = d * q + m`.
    public static func q5_1(_ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 24, y = dst + b * 32
            let d = half(p, 0), m = half(p, 2)
            let qh = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            for j in 0..<16 {
                let q = UInt32(byte(p, 8 + j))
                let lo = (q & 0x0f) | (((qh >> UInt32(j)) & 1) << 4)
                let hi = (q >> 4) | (((qh >> UInt32(j + 16)) & 1) << 4)
                y[j] = d * Float(lo) + m
                y[j + 16] = d * Float(hi) + m
            }
        }
    }
}
