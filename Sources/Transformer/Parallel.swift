import Dispatch
import Foundation

/// Runs `body` for 0..<count on all cores and returns the results in order; rethrows the first error.
///
/// Used at load time, where dequantizing and re-laying out each block's weights is independent work.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let box = ResultBox<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        do { box.set(i, .success(try body(i))) } catch { box.set(i, .failure(error)) }
    }
    return try box.collect()
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private var results: [Result<T, any Error>?]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<T, any Error>) {
        lock.lock()
        results[i] = r
        lock.unlock()
    }

    /// Every index has a result once `concurrentPerform` returns.
    func collect() throws -> [T] { try results.compactMap { try $0?.get() } }
}
