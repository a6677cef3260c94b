import COpenBLAS
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Spreads the heavy loops of a forward pass over the cores ourselves, with OpenBLAS kept to one thread.
///
/// OpenBLAS's own threads only help inside one product; between products (norms, RoPE, the attention
/// softmax, activations) one core worked while the other spun or slept, and two callers sharing its pool
/// serialise. Here every product runs single-threaded on the thread that asks for it, and the callers
/// split their work: a block's row-local steps by rows, the attention by (key/value head, tile), a large
/// lone product by rows or output columns. A split inside a split runs serially on its worker.
public enum WorkSplit {
    /// Cores the work is spread over.
    public static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    private static let singleThreadedBLAS: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Marks the threads running a split's body (so that nested splits stay on their worker).
    private static let insideKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Sets OpenBLAS to one thread (once per process); every kernel calls this before its first product.
    @inline(__always) public static func prepare() { _ = singleThreadedBLAS }

    /// Whether the calling thread is already running the body of a split.
    public static var isInside: Bool { pthread_getspecific(insideKey) != nil }

    /// Runs `body(i)` for every i in `0..<count`, spread over the cores; serially when there is one item,
    /// one core, or the caller is itself inside a split. Returns when every item is done.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        prepare()
        guard count > 1, workers > 1, !isInside else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let run = body
            DispatchQueue.concurrentPerform(iterations: count) { i in
                let outer = pthread_getspecific(insideKey)
                pthread_setspecific(insideKey, UnsafeRawPointer(bitPattern: 1))
                run(i)
                pthread_setspecific(insideKey, outer)
            }
        }
    }

    /// Splits `0..<total` rows into ranges of at least `minimum` rows (about two per core, so that a
    /// core slowed by other processes does not hold the others up) and runs `body` on each.
    public static func rows(_ total: Int, minimum: Int, _ body: (Range<Int>) -> Void) {
        let chunks = chunkCount(total, minimum: minimum)
        let size = (total + chunks - 1) / max(chunks, 1)
        forEach(chunks) { c in
            let start = c * size
            let end = min(total, start + size)
            if start < end { body(start..<end) }
        }
    }

    /// How many ranges `rows(_:minimum:_:)` makes of `total`.
    public static func chunkCount(_ total: Int, minimum: Int) -> Int {
        guard total > 0 else { return 0 }
        if isInside || workers == 1 { return 1 }
        return max(1, min(2 * workers, total / max(minimum, 1)))
    }

    /// Runs `body(worker, next)` on up to `workers` threads; each pulls item indices from the shared
    /// `next()` until it returns nil (dynamic scheduling of unequal items, with per-worker scratch).
    public static func drain(items: Int, _ body: (_ next: () -> Int?) -> Void) {
        let queue = ItemQueue(count: items)
        forEach(min(workers, items)) { _ in body(queue.next) }
    }
}

/// Hands out 0, 1, 2, … to whichever worker asks first.
private final class ItemQueue: @unchecked Sendable {
    private let count: Int
    private var issued = 0
    private let lock = NSLock()

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.withLock {
            guard issued < count else { return nil }
            defer { issued += 1 }
            return issued
        }
    }
}
