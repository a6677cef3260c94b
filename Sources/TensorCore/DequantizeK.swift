/// The K-quant formats (256 values a block, sub-blocks with their own scales).
extension Dequantize {
    /// The 6-bit scale and min of sub-block `j` (0–7) packed in the 12 scale bytes at `s`.
    @inline(__always)
    static func scaleMin(_ s: UnsafeRawPointer, _ j: Int) -> (scale: Float, min: Float) {
        if j < 4 {
            return (Float(byte(s, j) & 0x3f), Float(byte(s, j + 4) & 0x3f))
        }
        let md = byte(s, j + 4)
        let scale = (md & 0x0f) | ((byte(s, j - 4) >> 2) & 0x30)
        let min = (md >> 4) | ((byte(s, j) >> 2) & 0x30)
        return (Float(scale), Float(min))
    }

    /// Q4_K — 144 bytes: f16 d, f16 dmin, 12 scale bytes, 128 bytes of nibbles; eight sub-blocks
    /// of 32, sub-block j reads nibble j % 2 of bytes 32·(j/2) …. `y = (d·sc) * q - dmin·m`.
    public static func q4_K(_ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 144, y = dst + b * 256
            let d = half(p, 0), dmin = half(p, 2)
            let qs = p + 16
            for j in 0..<8 {
                let (sc, m) = scaleMin(p + 4, j)
                let scale = d * sc, offset = dmin * m
                let shift = UInt8(4 * (j & 1))
                let chunk = qs + 32 * (j >> 1), out = y + 32 * j
                for l in 0..<32 {
                    out[l] = scale * Float((byte(chunk, l) >> shift) & 0x0f) - offset
                }
            }
        }
    }

    /// Q5_K — 176 bytes: f16 d, f16 dmin, 12 scale bytes, 32 high-bit bytes (bit j for sub-block j),
    /// 128 bytes of nibbles as in Q4_K. `y = (d·sc) * q - dmin·m`.
    public static func q5_K(_ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 176, y = dst + b * 256
            let d = half(p, 0), dmin = half(p, 2)
            let qh = p + 16, qs = p + 48
            for j in 0..<8 {
                let (sc, m) = scaleMin(p + 4, j)
                let scale = d * sc, offset = dmin * m
                let shift = UInt8(4 * (j & 1)), bit = UInt8(j)
                let chunk = qs + 32 * (j >> 1), out = y + 32 * j
                for l in 0..<32 {
                    let q = ((byte(chunk, l) >> shift) & 0x0f) | (((byte(qh, l) >> bit) & 1) << 4)
                    out[l] = scale * Float(q) - offset
                }
            }
        }
    }

    /// Q6_K — 210 bytes: 128 low-nibble bytes, 64 high-2-bit bytes, 16 int8 scales, f16 d.
    /// Group g (0–7) of 32 values: half h = g/4 reads low nibble (g/2)%2 of ql[64h + 32(g%2) + l] and
    /// bits 2(g%4) of qh[32h + l]; `y = (d·scale[i/16]) * (q - 32)`.
    public static func q6_K(_ src: UnsafeRawPointer, blocks: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 210, y = dst + b * 256
            let ql = p, qh = p + 128, scales = p + 192
            let d = half(p, 208)
            for g in 0..<8 {
                let h = g >> 2
                let lowShift = UInt8(4 * ((g >> 1) & 1)), highShift = UInt8(2 * (g & 3))
                let lows = ql + 64 * h + 32 * (g & 1), highs = qh + 32 * h
                let s0 = d * Float(Int8(bitPattern: byte(scales, 2 * g)))
                let s1 = d * Float(Int8(bitPattern: byte(scales, 2 * g + 1)))
                let out = y + 32 * g
                for l in 0..<32 {
                    let q = ((byte(lows, l) >> lowShift) & 0x0f) | (((byte(highs, l) >> highShift) & 3) << 4)
                    out[l] = (l < 16 ? s0 : s1) * Float(Int(q) - 32)
                }
            }
        }
    }
}
