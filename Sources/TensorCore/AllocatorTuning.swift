import COpenBLAS

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps freed working buffers in the heap, so that the next layer reuses them instead of faulting in
/// fresh zero pages.
///
/// A forward pass allocates and frees the same few buffers (norms, projections, the MLP's hidden rows)
/// in every block: 5–13 MB each at 2,048 tokens. glibc serves a block that size with its own `mmap`
/// and unmaps it on `free`, so every block paid the kernel to zero the same memory again (about 7 % of
/// a 2,048-token `analyze`). Here blocks up to 32 MB (glibc's largest threshold) come from the heap,
/// and up to 256 MB of free heap top stays mapped, which a later run reuses.
public enum AllocatorTuning {
    /// Blocks below this many bytes come from the heap.
    static let mmapThreshold: Int32 = 32 << 20
    /// Free memory at the top of the heap kept mapped, in bytes.
    static let trimThreshold: Int32 = 256 << 20

    /// Applies the settings (once per process, before the first large allocation; later calls do nothing).
    /// `MALLOC_MMAP_THRESHOLD_` or `MALLOC_TRIM_THRESHOLD_` in the environment win over these.
    public static func apply() { _ = applied }

    private static let applied: Bool = {
        #if os(Linux)
            guard getenv("MALLOC_MMAP_THRESHOLD_") == nil, getenv("MALLOC_TRIM_THRESHOLD_") == nil else { return false }
            _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
            _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
            return true
        #else
            return false
        #endif
    }()
}

