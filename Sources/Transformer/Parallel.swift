import Dispatch
import Foundation

/// Runs `body` for 0..<count on all cores and returns the results in order; rethrows the first error.
///
/// Used at load time, where dequantizing and re-laying out each block's weights is independent work.
/// - Throws: `TransformerError.invalidDimension` for a negative count or one above
///   `ModelDimensions.Bounds.layers` (checked here too, because `Array(repeating:count:)` with a count near
///   2⁶² overflows its byte size and writes past a tiny allocation instead of trapping).
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    guard count >= 0, count <= ModelDimensions.Bounds.layers else {
        throw TransformerError.invalidDimension(
            source: "the model", field: "layer count", value: "\(count)",
            rule: "must be between 0 and \(ModelDimensions.Bounds.layers)")
    }
    let box = ResultBox<T>(count: count)
    if serialLoad {
        for i in 0..<count {
            do { box.set(i, .success(try body(i))) } catch { box.set(i, .failure(error)) }
        }
    } else {
        DispatchQueue.concurrentPerform(iterations: count) { i in
            do { box.set(i, .success(try body(i))) } catch { box.set(i, .failure(error)) }
        }
    }
    return try box.collect()
}

/// `TOKENGEN_SERIAL_LOAD=1` loads on the calling thread only. The fuzz harness sets it: libdispatch keeps
/// per-thread caches of work items, which makes a load look like a leak to LeakSanitizer's per-input check.
let serialLoad = ProcessInfo.processInfo.environment["TOKENGEN_SERIAL_LOAD"] == "1"

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
