/// The k largest entries of a row of raw values, without copying the row.
///
/// One pass with a small sorted buffer: after the first k entries almost every value fails the
/// single comparison with the current k-th, so the pass costs about one compare per entry.
enum TopKSelection {
    /// Indices and values of the k largest entries, descending; ties keep the lower index; NaN skipped.
    static func select(_ row: UnsafeBufferPointer<Float>, k: Int) -> [(index: Int, value: Float)] {
        let capacity = min(k, row.count)
        guard capacity > 0 else { return [] }
        var values = [Float]()
        var indices = [Int]()
        values.reserveCapacity(capacity + 1)
        indices.reserveCapacity(capacity + 1)
        var worst = -Float.infinity
        for i in row.indices {
            let v = row[i]
            if values.count == capacity {
                guard v > worst else { continue }
                values.removeLast()
                indices.removeLast()
            } else if v.isNaN {
                continue
            }
            var slot = values.count
            while slot > 0 && values[slot - 1] < v { slot -= 1 }
            values.insert(v, at: slot)
            indices.insert(i, at: slot)
            if values.count == capacity, let last = values.last { worst = last }
        }
        return zip(indices, values).map { ($0, $1) }
    }
}
