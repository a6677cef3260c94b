/// A vectorised `exp` for Float (Cephes' polynomial, ~1 ulp), for sums over a whole vocabulary.
///
/// `expf` is a library call per value; a log-sum-exp over 49 152 logits for every layer and
/// position of a prompt is millions of calls, most of the lens time after the matrix product.
@inline(__always)
public func fastExp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    // Compare-and-blend clamps (the generic `clamped` is an out-of-line call per vector).
    let lo = SIMD8<Float>(repeating: -87.3)
    let hi = SIMD8<Float>(repeating: 88.3)
    let xc = x.replacing(with: lo, where: x .< lo).replacing(with: hi, where: x .> hi)
    let n = (xc * 1.442_695_04).rounded(.toNearestOrEven)
    // r = x − n·ln 2, with ln 2 split in two so the subtraction stays exact.
    var r = xc - n * 0.693_359_375
    r = r + n * 2.121_944_4e-4
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * r * r + r + 1
    // n is a whole number in [−126, 128]: adding 1.5·2²³ puts it in the low mantissa bits, which is
    // much faster than the generic SIMD Float→Int32 conversion.
    let magic = SIMD8<Float>(repeating: 12_582_912)
    let whole = unsafeBitCast(n + magic, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let scale = (whole &+ 127) &<< 23
    return p * unsafeBitCast(scale, to: SIMD8<Float>.self)
}

/// `log Σ exp(x[i])` of one row, shifted by its maximum; `(max, logSumExp)`.
///
/// Values of −∞ contribute nothing; NaN values are skipped. Sums in Double across lanes.
public func logSumExp(_ x: UnsafePointer<Float>, count: Int) -> (max: Float, value: Float) {
    var m = -Float.infinity
    for i in 0..<count where x[i] > m { m = x[i] }
    guard m.isFinite else { return (m, m) }
    let shift = SIMD8<Float>(repeating: m)
    var total = 0.0
    var i = 0
    let raw = UnsafeRawPointer(x)
    while i + 64 <= count {
        var acc = SIMD8<Float>()
        for j in stride(from: i, to: i + 64, by: 8) {
            let v = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            let e = fastExp(v - shift)
            acc += e.replacing(with: 0, where: .!(v .== v))  // NaN lanes add nothing
        }
        total += Double(acc.sum())
        i += 64
    }
    while i < count {
        if x[i] == x[i] { total += Double(fastExp(SIMD8(repeating: x[i] - m))[0]) }
        i += 1
    }
    return (m, m + Float(log(total)))
}

#if canImport(Glibc)
    import Glibc
#endif
