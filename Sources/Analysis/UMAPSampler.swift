/// The negative-sample draw of UMAP's layout: xorshift64* (Marsaglia; Vigna's multiplier).
///
/// umap-learn draws negatives with a small Tausworthe generator; this one is as cheap (one
/// register of state, six shift/xor steps and one multiply) and keeps the SGD's hot loop free
/// of xoshiro's four-word state. Seeded from the layout's `SeededGenerator`, so the whole
/// embedding stays deterministic for a seed.
struct UMAPSampler {
    private var state: UInt64
    /// N, the number of points.
    private let count: UInt64

    init(seed: UInt64, count: Int) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
        self.count = UInt64(max(count, 1))
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// A uniform point as its row offset (index × 2) in the `[N, 2]` layout, by multiply-shift
    /// on the top 32 bits.
    @inline(__always)
    mutating func nextPoint() -> Int {
        Int(((next() >> 32) &* count) >> 32) * 2
    }
}
