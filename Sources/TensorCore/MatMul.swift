import COpenBLAS

/// Matrix products through OpenBLAS, outputs first (llm.c style).
///
/// One row goes through `cblas_sgemv`, more rows through `cblas_sgemm`: sgemm with M = 1 is
/// about 3× slower than sgemv here (PLATFORM-NOTES.md).
public enum MatMul {
    /// `out[M, N] = x[M, K] · w[N, K]ᵀ (+ bias[N])` — a Linear layer with weights stored `[out, in]`.
    public static func linear(
        _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
        bias: UnsafePointer<Float>? = nil, m: Int, k: Int, n: Int
    ) {
        if let bias {
            for r in 0..<m { (out + r * n).update(from: bias, count: n) }
        }
        let beta: Float = bias == nil ? 0 : 1
        FlopCounter.addProduct(m: m, n: n, k: k)
        if m == 1 {
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), 1, w, Int32(k), x, 1, beta, out, 1)
        } else {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1,
                x, Int32(k), w, Int32(k), beta, out, Int32(n))
        }
    }

    /// `out[M, N] = a[M, K] · b[K, N]` (both row-major, no transpose).
    public static func product(
        _ out: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        m: Int, k: Int, n: Int
    ) {
        FlopCounter.addProduct(m: m, n: n, k: k)
        if m == 1 {
            cblas_sgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), 1, b, Int32(n), a, 1, 0, out, 1)
        } else {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                a, Int32(k), b, Int32(n), 0, out, Int32(n))
        }
    }
}
