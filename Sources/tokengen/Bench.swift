import Analysis
import ArgumentParser
import Foundation
import TensorCore
import Transformer

/// `tokengen bench`: load time, analysis time per prompt length, peak memory per length and the
/// achieved GFLOP/s against an sgemm peak measured in the same run, as JSON.
///
/// "analysis" is what the issue measures against transformers: a forward pass that records every
/// block, then the lens at every layer for the last position (one product). "session" is what
/// `tokengen analyze` computes (lens of the query position, metrics, attention, head clusters).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure load and analysis time (release build).")

    @Option(help: "Model (default: the bundled SmolLM2).") var model: String?
    @Option(help: "Prompt lengths in tokens, comma-separated.") var tokens: String = "8,32,128"
    @Option(help: "Timed runs per length (after one warm-up); the median is reported.") var runs: Int = 5
    @Option(name: .customLong("depth-tokens"), help: "Prompt length for the depth views' figures (0: skip).")
    var depthTokens: Int = 10
    @Option(name: .customLong("view-tokens"), help: "Prompt length for the view figures: controls, chips, drags (0: skip).")
    var viewTokens: Int = 128
    @Flag(help: "Write JSON.") var json = false

    static let text = """
        The history of science is the study of the development of science and scientific knowledge, \
        including both the natural and social sciences. Science is a body of empirical, theoretical, and \
        practical knowledge about the natural world, produced by scientists who emphasize the observation, \
        explanation, and prediction of real-world phenomena. Historiography of science, in contrast, studies \
        the methods employed by historians of science. The English word scientist is relatively recent, \
        first coined by William Whewell in the 19th century. Before that, investigators of nature called \
        themselves natural philosophers. While observations of the natural world have been described since \
        classical antiquity, and the scientific method has been employed since the Middle Ages, modern \
        science began to develop in the early modern period, and in particular in the scientific revolution \
        of 16th- and 17th-century Europe.
        """

    struct Run: Encodable {
        let tokens: Int, analysisS: Double, forwardS: Double, sessionS: Double
        /// Operations of one forward pass (matrix products and attention) and their rate.
        let forwardGflop: Double, forwardGflops: Double
        /// Peak resident memory while this length ran (Linux: the peak is reset before each length).
        let peakRssMb: Double
        enum CodingKeys: String, CodingKey {
            case tokens, analysisS = "analysis_s", forwardS = "forward_s", sessionS = "session_s"
            case forwardGflop = "forward_gflop", forwardGflops = "forward_gflops", peakRssMb = "peak_rss_mb"
        }
    }
    struct Report: Encodable {
        let model: String, loadS: Double, runs: [Run], clusteringS: Double?, peakRssMb: Double, blasCore: String
        let depth: DepthRun?
        let views: ViewRun?
        /// sgemm of two 2,048 × 2,048 matrices, best of three: this machine's float32 peak as OpenBLAS reaches it.
        let sgemmPeakGflops: Double
        enum CodingKeys: String, CodingKey {
            case model, loadS = "load_s", runs, clusteringS = "clustering_s", peakRssMb = "peak_rss_mb"
            case blasCore = "blas_core", depth, views, sgemmPeakGflops = "sgemm_peak_gflops"
        }
    }

    func run() throws {
        do {
            let location = try ModelOption.resolve(model)
            let t0 = Date()
            let loaded = try ModelLoader.load(location)
            let loadS = Date().timeIntervalSince(t0)
            guard let tokenizer = loaded.tokenizer else {
                throw CLIError("bench needs a model with a tokenizer")
            }
            let paragraph = try tokenizer.encode(Self.text)
            let cache = ModelCache { _ in loaded }
            let peak = Self.sgemmPeak()
            var results: [Run] = []
            var clusteringS: Double?
            let context = loaded.model.info.contextLength
            for part in tokens.split(separator: ",") {
                guard let count = Int(part), count >= 1, count <= context, !paragraph.isEmpty else {
                    throw CLIError("--tokens must be lengths between 1 and the model's context (\(context))")
                }
                // Longer prompts repeat the paragraph.
                let ids = (0..<count).map { paragraph[$0 % paragraph.count] }
                Self.resetPeakRSS()
                let analysis = try Self.median(runs) { try Self.analysis(loaded.model, ids: ids) }
                let flops0 = FlopCounter.count
                let forward = try Self.median(runs) { _ = try loaded.model.forward(ids: ids) }
                let gflop = (FlopCounter.count - flops0) / Double(max(1, runs) + 1) / 1e9
                let request = AnalysisRequest(prompt: "", promptIDs: ids, model: location)
                // A fresh session per run: every run computes the forward pass and the views.
                let session = try Self.median(runs) { _ = try Self.session(request, cache: cache) }
                if count == 8 {
                    let snap = try Self.session(request, cache: cache)
                    if let stack = snap.primary.attentionStack() {
                        clusteringS = try Self.median(runs) {
                            _ = try HeadClustering.run(stack, query: ids.count - 1)
                        }
                    }
                }
                results.append(
                    Run(
                        tokens: count, analysisS: analysis, forwardS: forward, sessionS: session,
                        forwardGflop: gflop, forwardGflops: gflop / forward, peakRssMb: Self.peakRSSMegabytes()))
            }
            let depth = depthTokens >= 1 && depthTokens <= paragraph.count
                ? try Self.depth(loaded, location: location, cache: cache, ids: Array(paragraph.prefix(depthTokens)), runs: runs)
                : nil
            let views = viewTokens >= 2 && viewTokens <= context
                ? try Self.views(
                    loaded, location: location, ids: (0..<viewTokens).map { paragraph[$0 % paragraph.count] },
                    runs: runs)
                : nil
            let report = Report(
                model: loaded.displayName, loadS: loadS, runs: results, clusteringS: clusteringS,
                peakRssMb: Self.peakRSSMegabytes(), blasCore: BLASInfo.coreName, depth: depth, views: views,
                sgemmPeakGflops: peak)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error, json: json)
        }
    }

    /// Forward with every block recorded, then the lens of all layers at the last position as one product.
    static func analysis(_ model: any LanguageModel, ids: [Int]) throws {
        let d = model.info.width
        let t = ids.count
        var rows: [Float] = []
        rows.reserveCapacity((model.info.layers + 1) * d)
        _ = try model.forward(ids: ids, onBlock: { capture in
            let last = capture.residPost.buffer[((t - 1) * d)..<(t * d)]
            rows.append(contentsOf: last)
        }, isCancelled: { false })
        let logits = try model.lens(rows: Tensor(shape: [model.info.layers + 1, d], values: rows))
        let v = model.info.vocabularySize
        for l in 0...model.info.layers {
            var row = Array(logits.buffer[(l * v)..<((l + 1) * v)])
            try logSoftmax(&row)
        }
    }

    static func session(_ request: AnalysisRequest, cache: ModelCache) throws -> SessionSnapshot {
        try Analyze.analyze(request, cache: cache)
    }

    static func median(_ runs: Int, _ body: () throws -> Void) throws -> Double {
        try body()  // warm-up
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return middle(times)
    }

    /// The median of `values` (the upper one of an even count).
    static func middle(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Peak resident memory in MiB: `VmHWM` (resettable), else `getrusage`'s maximum.
    static func peakRSSMegabytes() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kb / 1024
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Starts a new peak-memory measurement (Linux: writing 5 to `clear_refs` resets `VmHWM`).
    static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// GFLOP/s of a 2,048³ sgemm, best of three (after one warm-up).
    static func sgemmPeak() -> Double {
        let n = 2048
        let a = [Float](repeating: 0.5, count: n * n)
        var c = [Float](repeating: 0, count: n * n)
        var best = Double.infinity
        for round in 0..<4 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            c.withUnsafeMutableBufferPointer { out in
                a.withUnsafeBufferPointer { x in
                    guard let o = out.baseAddress, let p = x.baseAddress else { return }
                    MatMul.product(o, p, p, m: n, k: n, n: n)
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            if round > 0 { best = min(best, seconds) }
        }
        return 2 * Double(n * n * n) / best / 1e9
    }
}
