/// An open-addressing hash table from a token pair to its merge, much faster than `Dictionary` here.
///
/// Keys are `left << 32 | right` (ids are < 2³¹, so `UInt64.max` can mark empty slots); values are
/// `rank << 32 | merged id`. Linear probing over a power-of-two table at most half full.
struct MergeTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt64]
    private let shift: UInt64
    private let mask: Int

    init(capacity: Int) {
        var bits = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        keys = [UInt64](repeating: .max, count: 1 << bits)
        values = [UInt64](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
        mask = (1 << bits) - 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Stores `value` for `key`, replacing an earlier value (later merges win, as in HF tokenizers).
    mutating func insert(_ key: UInt64, _ value: UInt64) {
        var index = slot(key)
        while keys[index] != .max && keys[index] != key { index = (index + 1) & mask }
        keys[index] = key
        values[index] = value
    }

    /// The merge of the pair (left, right), or nil.
    @inline(__always)
    func find(_ left: Int32, _ right: Int32) -> UInt64? {
        let key = UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
        return keys.withUnsafeBufferPointer { keys in
            var index = slot(key)
            while true {
                let stored = keys[index]
                if stored == key { return values.withUnsafeBufferPointer { $0[index] } }
                if stored == .max { return nil }
                index = (index + 1) & mask
            }
        }
    }
}
