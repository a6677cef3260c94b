#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Softmax of each row in place, over its first `valid` entries; entries from `valid` on become 0
/// (a causal row ignores the keys after its query).
/// - Parameters:
///   - x: `[N, stride]`
public func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, stride: Int, valid: (Int) -> Int) {
    for r in 0..<rows {
        let row = x + r * stride
        let n = valid(r)
        var m = -Float.infinity
        for i in 0..<n { m = max(m, row[i]) }
        var sum: Float = 0
        for i in 0..<n {
            let e = expf(row[i] - m)
            row[i] = e
            sum += e
        }
        let inv = 1 / sum
        for i in 0..<n { row[i] *= inv }
        for i in n..<stride { row[i] = 0 }
    }
}

/// Log-softmax of each row in place: `x − max − log Σ exp(x − max)`.
///
/// The sum is accumulated in Double: over a 50 000-entry vocabulary, adding tiny terms to a Float sum
/// near 1 rounds each one and shifts every log-prob by ~1e-4.
/// - Parameters:
///   - x: `[N, V]`
public func logSoftmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, count: Int) {
    for r in 0..<rows {
        let row = x + r * count
        var m = -Float.infinity
        for i in 0..<count { m = max(m, row[i]) }
        var sum: Double = 0
        for i in 0..<count { sum += Double(expf(row[i] - m)) }
        let shift = m + Float(Glibc.log(sum))
        for i in 0..<count { row[i] -= shift }
    }
}
