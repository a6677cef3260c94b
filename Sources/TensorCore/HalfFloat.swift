/// Float16 and BFloat16 to Float32 conversion by bit manipulation.
///
/// `Float(Float16(bitPattern:))` is a library call per value unless the build targets F16C
/// (PLATFORM-NOTES.md: 0.2 G/s); this integer version is exact for every input (normals,
/// subnormals, ±0, ±inf, NaN payloads) and vectorizes in release builds.
public enum HalfFloat {
    /// The Float32 equal to the IEEE half-precision value with these bits.
    @inline(__always)
    public static func float(fromHalf h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1f
        let mantissa = UInt32(h & 0x3ff)
        // Normal numbers: rebias the exponent from 15 to 127.
        let normal = ((exponent + 112) << 23) | (mantissa << 13)
        // Inf/NaN: all-ones exponent.
        let special = 0x7f80_0000 | (mantissa << 13)
        // Subnormals (and zero): mantissa × 2⁻²⁴, exact in Float32.
        let sub = (Float(mantissa) * 5.960464477539063e-08).bitPattern
        let magnitude = exponent == 0 ? sub : (exponent == 31 ? special : normal)
        return Float(bitPattern: sign | magnitude)
    }

    /// The Float32 equal to the bfloat16 value with these bits (its top 16 bits).
    @inline(__always)
    public static func float(fromBF16 b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }

    /// Converts `count` little-endian half values starting at `src` (any alignment) into `dst`.
    public static func convertHalf(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>)
    {
        for i in 0..<count {
            dst[i] = float(
                fromHalf: UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
        }
    }

    /// Converts `count` little-endian bfloat16 values starting at `src` (any alignment) into `dst`.
    public static func convertBF16(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>)
    {
        for i in 0..<count {
            dst[i] = float(
                fromBF16: UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
        }
    }

    /// Copies `count` little-endian Float32 values from `src` (any alignment) into `dst`.
    public static func copyFloat32(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>)
    {
        UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count * 4)
    }
}
