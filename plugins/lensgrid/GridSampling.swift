/// Which rows or columns of a long axis to draw when not all fit: an even stride that always keeps
/// the first and the last (the last layer and the last position are the ones a reader looks for).
public enum GridSampling {
    /// Indices into `0..<count`, at most `limit` of them, ascending, always with `count − 1`.
    public static func indices(count: Int, limit: Int) -> [Int] {
        guard count > 0 else { return [] }
        let limit = max(limit, 1)
        guard count > limit else { return Array(0..<count) }
        if limit == 1 { return [count - 1] }
        let stride = Int((Double(count - 1) / Double(limit - 1)).rounded(.up))
        var picked = Array(Swift.stride(from: 0, to: count - 1, by: max(stride, 1)))
        picked.append(count - 1)
        return Array(picked.suffix(limit))
    }
}
