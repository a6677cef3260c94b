import Analysis
import ArgumentParser
import Foundation
import TensorCore
import Transformer

/// `tokengen bench`: load time, analysis time per prompt length, and peak memory, as JSON.
///
/// "analysis" is what the issue measures against transformers: a forward pass that records every
/// block, then the lens at every layer for the last position (one product). "session" is the whole
/// analysis the app runs (lens at every layer and position, metrics, attention, clustering).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure load and analysis time (release build).")

    @Option(help: "Model (default: the bundled SmolLM2).") var model: String?
    @Option(help: "Prompt lengths in tokens, comma-separated.") var tokens: String = "8,32,128"
    @Option(help: "Timed runs per length (after one warm-up); the median is reported.") var runs: Int = 5
    @Option(name: .customLong("depth-tokens"), help: "Prompt length for the depth views' figures (0: skip).")
    var depthTokens: Int = 10
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
        enum CodingKeys: String, CodingKey {
            case tokens, analysisS = "analysis_s", forwardS = "forward_s", sessionS = "session_s"
        }
    }
    struct Report: Encodable {
        let model: String, loadS: Double, runs: [Run], clusteringS: Double?, peakRssMb: Double, blasCore: String
        let depth: DepthRun?
        enum CodingKeys: String, CodingKey {
            case model, loadS = "load_s", runs, clusteringS = "clustering_s", peakRssMb = "peak_rss_mb"
            case blasCore = "blas_core", depth
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
            let all = try tokenizer.encode(Self.text)
            let cache = ModelCache { _ in loaded }
            var results: [Run] = []
            var clusteringS: Double?
            for part in tokens.split(separator: ",") {
                guard let count = Int(part), count >= 1, count <= all.count else {
                    throw CLIError("--tokens must be lengths between 1 and \(all.count)")
                }
                let ids = Array(all.prefix(count))
                let analysis = try Self.median(runs) { try Self.analysis(loaded.model, ids: ids) }
                let forward = try Self.median(runs) { _ = try loaded.model.forward(ids: ids) }
                var request = AnalysisRequest(prompt: "", promptIDs: ids, model: location)
                request.options.clusterHeads = count <= 32
                let session = try Self.median(runs) { _ = try Self.session(request, cache: cache) }
                if count == 8 {
                    let snap = try Self.session(request, cache: cache)
                    if let stack = snap.primary.attentionStack() {
                        clusteringS = try Self.median(runs) {
                            _ = try HeadClustering.run(stack, query: ids.count - 1)
                        }
                    }
                }
                results.append(Run(tokens: count, analysisS: analysis, forwardS: forward, sessionS: session))
            }
            let depth = depthTokens >= 1 && depthTokens <= all.count
                ? try Self.depth(loaded, location: location, cache: cache, ids: Array(all.prefix(depthTokens)), runs: runs)
                : nil
            let report = Report(
                model: loaded.displayName, loadS: loadS, runs: results, clusteringS: clusteringS,
                peakRssMb: Self.peakRSSMegabytes(), blasCore: BLASInfo.coreName, depth: depth)
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
        times.sort()
        return times[times.count / 2]
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
