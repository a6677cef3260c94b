import Foundation

/// Counts the floating-point operations of the matrix products (`MatMul`, the attention kernel), so a
/// benchmark can report achieved GFLOP/s against the machine's measured sgemm peak.
///
/// A product of `[M, K]` by `[K, N]` counts 2·M·N·K. Counting costs one lock per product (tens per
/// block), nothing next to the products themselves.
public enum FlopCounter {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var total: Double = 0

    /// Adds the 2·m·n·k operations of one product.
    @inlinable
    public static func addProduct(m: Int, n: Int, k: Int) { add(2 * Double(m) * Double(n) * Double(k)) }

    public static func add(_ operations: Double) { lock.withLock { total += operations } }

    /// Operations counted since the process started.
    public static var count: Double { lock.withLock { total } }
}
