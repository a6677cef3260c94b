import COpenBLAS
import Foundation

/// Picks OpenBLAS's fast kernels on CPUs its autodetection does not know.
///
/// OpenBLAS 0.3.21 (Debian bookworm) falls back to its SSE3 "Prescott" kernels on newer Xeons
/// (measured here: a CPU with AVX-512 reported as Prescott, every sgemm 3–4× slower). A DYNAMIC_ARCH
/// build honours `OPENBLAS_CORETYPE`, but reads it when the library loads; re-running its exported
/// `gotoblas_dynamic_init` after setting the variable switches the kernel table in place.
public enum BLASKernelSelection {
    /// The core type chosen for this process (read once, at first use).
    ///
    /// Call before any other thread runs BLAS (at start-up). Does nothing when the user set
    /// `OPENBLAS_CORETYPE`, when OpenBLAS recognised the CPU, or when the library has no dynamic core table.
    public static let selected: String = select()

    /// The core OpenBLAS chose by itself, before any switch.
    public static let autodetected: String = BLASInfo.coreName

    private static func select() -> String {
        let env = ProcessInfo.processInfo.environment
        let current = autodetected
        guard env["OPENBLAS_CORETYPE"] == nil, current.lowercased() == "prescott" else { return current }
        let flags = cpuFlags()
        let wanted: String
        // Haswell (AVX2 + FMA) rather than SkylakeX even on AVX-512 CPUs: 0.3.21's AVX-512 small-matrix
        // kernels are the ones with known wrong-result bugs, and Haswell's were measured here
        // (PLATFORM-NOTES.md: M=16 sgemm 1.7 ms vs 2.3 ms with the autodetected kernels).
        if flags.contains("avx2") && flags.contains("fma") {
            wanted = "Haswell"
        } else {
            return current
        }
        guard let handle = dlopen(nil, RTLD_NOW),
            let initSym = dlsym(handle, "gotoblas_dynamic_init"),
            let quitSym = dlsym(handle, "gotoblas_dynamic_quit")
        else { return current }
        typealias VoidFunction = @convention(c) () -> Void
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        unsafeBitCast(quitSym, to: VoidFunction.self)()
        unsafeBitCast(initSym, to: VoidFunction.self)()
        return BLASInfo.coreName
    }

    /// The `flags` line of `/proc/cpuinfo` as a set (empty where there is none).
    static func cpuFlags() -> Set<Substring> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " "))
    }
}
