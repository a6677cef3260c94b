#if canImport(Glibc)
    import Glibc
#endif

/// Rotary position embedding tables and kernel, in Hugging Face's layout (`rotate_half`: the pair of
/// dimension i is i + d/2, not 2i + 1).
///
/// GGUF checkpoints store Q/K rows permuted for llama.cpp's interleaved pairs; loaders un-permute them
/// (`unpermuteRoPERows`) so that this one kernel serves both.
public struct RoPETable: Sendable {
    /// Rotated dimensions per head (d).
    public let headDim: Int
    /// Number of positions covered.
    public let positions: Int
    /// `[positions, d/2]`
    public let cos: [Float]
    /// `[positions, d/2]`
    public let sin: [Float]

    /// Frequencies `theta^(-2i/d)`, i = 0..d/2−1, computed in Float32 as transformers does, so the angles
    /// (position × frequency) round the same way.
    public init(headDim: Int, positions: Int, theta: Double) {
        self.init(
            headDim: headDim, positions: positions,
            inverseFrequencies: Self.inverseFrequencies(headDim: headDim, theta: theta))
    }

    /// transformers' default `inv_freq`: `1 / theta^(2i/d)` in Float32, `[d/2]`.
    public static func inverseFrequencies(headDim: Int, theta: Double) -> [Float] {
        (0..<(headDim / 2)).map { i in 1 / powf(Float(theta), Float(2 * i) / Float(headDim)) }
    }

    /// A table from given frequencies (a scaled RoPE: linear, Llama 3's bands).
    /// - Parameter inverseFrequencies: `[d/2]`
    public init(headDim: Int, positions: Int, inverseFrequencies inv: [Float]) {
        let half = headDim / 2
        var c = [Float](repeating: 0, count: positions * half)
        var s = c
        for p in 0..<positions {
            for i in 0..<min(half, inv.count) {
                let angle = Float(p) * inv[i]
                c[p * half + i] = Float(Glibc.cos(Double(angle)))
                s[p * half + i] = Float(Glibc.sin(Double(angle)))
            }
        }
        self.headDim = headDim
        self.positions = positions
        self.cos = c
        self.sin = s
    }
}

/// Rotates every head of every row in place: `(x₁, x₂) → (x₁·cos − x₂·sin, x₂·cos + x₁·sin)` with
/// x₁ = first half of the rotated dimensions, x₂ = second half.
///
/// Partial rotary (Pythia, Phi-3): only the first `table.headDim` dimensions of each head turn; the
/// rest pass through, and `headStride` is the whole head's width.
/// - Parameters:
///   - x: `[T, rowStride]`, heads at offsets `h · headStride` of each row for h < heads
///   - table: must cover every row's position
///   - headStride: a head's width (nil: `table.headDim`, every dimension rotates)
///   - positions: each row's position, indexed by the prompt's row (nil: row r is position r); each below
///     `table.positions`
///   - firstRow: the prompt row `x`'s first row is (a slice of the rows of a longer batch)
public func applyRoPE(
    _ x: UnsafeMutablePointer<Float>, table: RoPETable, tokens: Int, heads: Int, rowStride: Int,
    headStride: Int? = nil, positions: [Int]? = nil, firstRow: Int = 0
) {
    let d = headStride ?? table.headDim
    let half = table.headDim / 2
    table.cos.withUnsafeBufferPointer { cb in
        table.sin.withUnsafeBufferPointer { sb in
            guard let cp = cb.baseAddress, let sp = sb.baseAddress else { return }
            for t in 0..<tokens {
                let p = positions.map { $0[firstRow + t] } ?? (firstRow + t)
                let c = cp + p * half
                let s = sp + p * half
                for h in 0..<heads {
                    let v = x + t * rowStride + h * d
                    for i in 0..<half {
                        let a = v[i]
                        let b = v[i + half]
                        v[i] = a * c[i] - b * s[i]
                        v[i + half] = b * c[i] + a * s[i]
                    }
                }
            }
        }
    }
}

/// Undoes the row permutation that llama.cpp's converter applies to Q/K weights for interleaved RoPE.
///
/// GGUF row `h·d + 2i + j` holds Hugging Face row `h·d + j·d/2 + i` (i < d/2, j ∈ {0, 1}).
/// - Parameters:
///   - out: `[heads · d, cols]` in Hugging Face order
///   - w: `[heads · d, cols]` in GGUF order
public func unpermuteRoPERows(
    _ out: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>, heads: Int, headDim: Int, cols: Int
) {
    let half = headDim / 2
    for h in 0..<heads {
        for i in 0..<half {
            for j in 0..<2 {
                let src = w + (h * headDim + 2 * i + j) * cols
                let dst = out + (h * headDim + j * half + i) * cols
                dst.update(from: src, count: cols)
            }
        }
    }
}
