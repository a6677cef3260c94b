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
        FlopCounter.addProduct(m: m, n: n, k: k)
        WorkSplit.prepare()
        // A large product asked for outside a split is spread over the cores: by rows when there are
        // enough of them, otherwise by output columns (e.g. the lens: few rows, the whole vocabulary).
        if !WorkSplit.isInside, WorkSplit.workers > 1, m * n * k >= splitThreshold {
            if m >= 64 * WorkSplit.workers {
                WorkSplit.rows(m, minimum: 32) { r in
                    linearSerial(
                        out + r.lowerBound * n, x + r.lowerBound * k, w, bias: bias, m: r.count, k: k, n: n,
                        ldOut: n, ldW: k)
                }
            } else {
                WorkSplit.rows(n, minimum: 256) { c in
                    linearSerial(
                        out + c.lowerBound, x, w + c.lowerBound * k, bias: bias.map { $0 + c.lowerBound },
                        m: m, k: k, n: c.count, ldOut: n, ldW: k)
                }
            }
            return
        }
        linearSerial(out, x, w, bias: bias, m: m, k: k, n: n, ldOut: n, ldW: k)
    }

    /// Products smaller than this many multiply-adds run on the calling thread.
    static let splitThreshold = 1 << 21

    /// `linear` on the calling thread; `out` rows are `ldOut` apart, `w` rows `ldW` apart.
    static func linearSerial(
        _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, m: Int, k: Int, n: Int, ldOut: Int, ldW: Int
    ) {
        if let bias {
            for r in 0..<m { (out + r * ldOut).update(from: bias, count: n) }
        }
        let beta: Float = bias == nil ? 0 : 1
        if m == 1 {
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), 1, w, Int32(ldW), x, 1, beta, out, 1)
        } else {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1,
                x, Int32(k), w, Int32(ldW), beta, out, Int32(ldOut))
        }
    }

    /// `out[M, N] = a[M, K] · b[K, N]` (both row-major, no transpose).
    public static func product(
        _ out: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        m: Int, k: Int, n: Int
    ) {
        FlopCounter.addProduct(m: m, n: n, k: k)
        WorkSplit.prepare()
        if !WorkSplit.isInside, WorkSplit.workers > 1, m >= 64 * WorkSplit.workers, m * n * k >= splitThreshold {
            WorkSplit.rows(m, minimum: 32) { r in
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(r.count), Int32(n), Int32(k), 1,
                    a + r.lowerBound * k, Int32(k), b, Int32(n), 0, out + r.lowerBound * n, Int32(n))
            }
        } else if m == 1 {
            cblas_sgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), 1, b, Int32(n), a, 1, 0, out, 1)
        } else {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                a, Int32(k), b, Int32(n), 0, out, Int32(n))
        }
    }
}
