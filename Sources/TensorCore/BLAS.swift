import COpenBLAS

/// What the linked OpenBLAS says about itself (for `tokengen doctor`).
public enum BLASInfo {
    /// Build configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64".
    public static var config: String {
        guard let c = openblas_get_config() else { return "unknown" }
        return String(cString: c)
    }

    /// The kernel family chosen for this CPU, e.g. "SkylakeX".
    public static var coreName: String {
        guard let c = openblas_get_corename() else { return "unknown" }
        return String(cString: c)
    }

    /// Threads OpenBLAS will use.
    public static var threads: Int { Int(openblas_get_num_threads()) }
}
