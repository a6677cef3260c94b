import Foundation
import TensorCore
import Testing
@testable import Transformer

/// A timing run (not a timed test): load the default model, then a full forward with capture and the lens
/// at every layer for the last position, at 8 / 32 / 128 tokens. Enabled by `TOKENGEN_TIMING=1`.
@Suite("Timing run", .enabled(if: ProcessInfo.processInfo.environment["TOKENGEN_TIMING"] != nil))
struct TimingRun {
    static func peakRSSMegabytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    /// CPU time of the calling thread (with OPENBLAS_NUM_THREADS=1 all the work), immune to other load.
    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    @Test("prints load time, forward + lens times and peak RSS for SmolLM2")
    func smolLM2() throws {
        let start = Date()
        let startCPU = ProcessInfo.processInfo.systemUptime
        _ = startCPU
        let loaded = try ModelLoader.load(.gguf(SmolLM2Tests.modelURL))
        let loadTime = Date().timeIntervalSince(start)
        print("OpenBLAS core \(BLASKernelSelection.selected), threads \(BLASInfo.threads)")
        print("load-to-ready \(String(format: "%.3f", loadTime)) s, peak RSS \(Self.peakRSSMegabytes()) MB")
        let model = loaded.model
        let (layers, d) = (model.info.layers, model.info.width)
        for t in [8, 32, 128] {
            let ids = (0..<t).map { 200 + 37 * $0 }
            var best = Double.infinity
            var bestCPU = Double.infinity
            for _ in 0..<5 {
                let s = Date()
                let c0 = Self.threadCPUSeconds()
                var rows = [Float]()
                rows.reserveCapacity((layers + 1) * d)
                _ = try model.forward(
                    ids: ids,
                    onBlock: { c in
                        rows += c.residPost.values[((t - 1) * d)..<(t * d)]
                    }, isCancelled: { false })
                let logits = try model.lens(rows: Tensor(shape: [layers + 1, d], values: rows))
                #expect(logits.shape == [layers + 1, model.info.vocabularySize])
                best = min(best, Date().timeIntervalSince(s))
                bestCPU = min(bestCPU, Self.threadCPUSeconds() - c0)
            }
            print(
                "T=\(t): forward + capture + lens(L+1 rows) best of 5: "
                    + "wall \(String(format: "%.4f", best)) s, "
                    + "this thread's CPU \(String(format: "%.4f", bestCPU)) s")
        }
        print("peak RSS after runs \(Self.peakRSSMegabytes()) MB")
    }
}
