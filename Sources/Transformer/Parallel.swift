import Dispatch
import Foundation

/// Runs `body` for 0..<count on all cores (on the calling thread when `serial`) and returns the results in
/// order; rethrows the error of the lowest index that failed.
///
/// Used at load time, where dequantizing and re-laying out each block's weights is independent work.
/// Once an index has failed, no higher index is started: a file that declares 1,024 layers but stops after
/// two fails at the third instead of building (and failing) all 1,024 (the fuzzer's GGUF timeout of round 5).
/// Every index below the lowest failure still runs, so the error reported does not depend on scheduling.
/// - Throws: `TransformerError.invalidDimension` for a negative count or one above
///   `ModelDimensions.Bounds.layers` (checked here too, because `Array(repeating:count:)` with a count near
///   2⁶² overflows its byte size and writes past a tiny allocation instead of trapping).
func parallelMap<T: Sendable>(_ count: Int, serial: Bool = serialLoad, _ body: @Sendable (Int) throws -> T) throws
    -> [T]
{
    guard count >= 0, count <= ModelDimensions.Bounds.layers else {
        throw TransformerError.invalidDimension(
            source: "the model", field: "layer count", value: "\(count)",
            rule: "must be between 0 and \(ModelDimensions.Bounds.layers)")
    }
    let box = ResultBox<T>(count: count)
    if serial {
        for i in 0..<count {
            box.run(i, body)
            if box.failed { break }
        }
    } else {
        DispatchQueue.concurrentPerform(iterations: count) { i in box.run(i, body) }
    }
    return try box.collect()
}

/// `TOKENGEN_SERIAL_LOAD=1` loads on the calling thread only. The fuzz harness sets it: libdispatch keeps
/// per-thread caches of work items, which makes a load look like a leak to LeakSanitizer's per-input check.
let serialLoad = ProcessInfo.processInfo.environment["TOKENGEN_SERIAL_LOAD"] == "1"

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private var results: [Result<T, any Error>?]
    /// The lowest index whose body threw so far (`Int.max` while none has).
    private var firstFailure = Int.max
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    var failed: Bool { lock.withLock { firstFailure != Int.max } }

    /// Runs `body(i)` and keeps its result, unless a lower index has already failed.
    func run(_ i: Int, _ body: (Int) throws -> T) {
        guard lock.withLock({ i < firstFailure }) else { return }
        let r: Result<T, any Error>
        do { r = .success(try body(i)) } catch { r = .failure(error) }
        lock.withLock {
            results[i] = r
            if case .failure = r { firstFailure = min(firstFailure, i) }
        }
    }

    /// Every index below the lowest failure has a result once the loop returns; the indices skipped after it
    /// are nil and never reached, because the failure throws first.
    func collect() throws -> [T] { try results.compactMap { try $0?.get() } }
}
