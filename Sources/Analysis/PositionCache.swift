/// The values of a few prompt positions, the oldest dropped first when full. Not locked: its owner
/// (`CapturedRun`) guards it.
struct PositionCache<Value> {
    let capacity: Int
    private var entries: [(position: Int, value: Value)] = []

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func value(at position: Int) -> Value? { entries.first { $0.position == position }?.value }

    func contains(_ position: Int) -> Bool { entries.contains { $0.position == position } }

    /// Keeps `value` for `position` (replacing an older one), dropping the oldest entry when full.
    mutating func put(_ value: Value, at position: Int) {
        entries.removeAll { $0.position == position }
        entries.append((position, value))
        if entries.count > capacity { entries.removeFirst() }
    }
}
