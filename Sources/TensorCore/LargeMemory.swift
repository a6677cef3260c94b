#if canImport(Glibc)
    import Glibc
#endif

/// Float memory for large tensors (weights, the residual stream, attention records), backed by
/// transparent huge pages where the kernel offers them.
///
/// A 1,024-token run touches about 1 GB of fresh memory; in 4 KB pages that is a quarter of a million
/// page faults (about 8 % of the run's CPU time). Blocks of 4 MB or more are aligned to 2 MB and advised
/// `MADV_HUGEPAGE`, which cuts the faults 512-fold; smaller blocks are plain `malloc`. Memory from
/// `allocate` must be returned with `release`.
public enum LargeMemory {
    static let hugePage = 2 << 20

    /// Uninitialised memory for `count` floats (at least one); nil only if the system is out of memory.
    public static func allocate(_ count: Int) -> UnsafeMutablePointer<Float>? {
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        var raw: UnsafeMutableRawPointer?
        if bytes >= 2 * hugePage {
            let rounded = (bytes + hugePage - 1) / hugePage * hugePage
            guard posix_memalign(&raw, hugePage, rounded) == 0, let raw else { return nil }
            #if os(Linux)
                _ = madvise(raw, rounded, MADV_HUGEPAGE)
            #endif
            return raw.bindMemory(to: Float.self, capacity: max(count, 1))
        }
        raw = malloc(bytes)
        return raw?.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Zero-filled memory for `count` floats. If the system has none left, the standard allocator is
    /// asked instead and stops the process as any Swift allocation would (on Linux it is `malloc` too,
    /// so `release` frees it alike).
    ///
    /// A large block is not written: `MADV_DONTNEED` hands its pages back, and the kernel maps zero pages
    /// on first touch (private anonymous memory, heap or mapping alike), so a 2,048-token run does not
    /// memset ~1 GB before using it.
    public static func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        #if os(Linux)
            if bytes >= 2 * hugePage, let p = allocate(count) {
                let rounded = (bytes + hugePage - 1) / hugePage * hugePage
                if madvise(UnsafeMutableRawPointer(p), rounded, MADV_DONTNEED) == 0 { return p }
                p.initialize(repeating: 0, count: max(count, 1))
                return p
            }
        #endif
        let p = allocate(count) ?? UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        p.initialize(repeating: 0, count: max(count, 1))
        return p
    }

    /// Returns memory from `allocate` or `zeroed`.
    public static func release(_ p: UnsafeMutablePointer<Float>) { free(p) }
}
