import Analysis
import Foundation
import ModelFiles
import TensorCore
import Transformer

/// The depth views' figures in `tokengen bench`: activation patching, and what the lens after
/// attention plus direct logit attribution add to an analysis.
extension Bench {
    struct DepthRun: Encodable {
        let tokens: Int, patchingS: Double, patchingGflop: Double, patchingGflops: Double
        let sessionS: Double, sessionWithoutDepthS: Double
        let depthOverhead: Double
        /// The same pair for the analysis `analyze` runs (head clustering on, as by default).
        let analyzeS: Double, analyzeWithoutDepthS: Double, analyzeDepthOverhead: Double
        /// The same pair for what the `analyze --json` command does in its process: load the model, run
        /// that analysis, write the JSON document.
        let commandS: Double, commandWithoutDepthS: Double, commandDepthOverhead: Double
        enum CodingKeys: String, CodingKey {
            case tokens, patchingS = "patching_s", patchingGflop = "patching_gflop", patchingGflops = "patching_gflops"
            case sessionS = "session_s"
            case sessionWithoutDepthS = "session_without_depth_s", depthOverhead = "depth_overhead"
            case analyzeS = "analyze_s", analyzeWithoutDepthS = "analyze_without_depth_s"
            case analyzeDepthOverhead = "analyze_depth_overhead"
            case commandS = "command_s", commandWithoutDepthS = "command_without_depth_s"
            case commandDepthOverhead = "command_depth_overhead"
        }
    }

    /// Medians over `runs` for one prompt of `ids`: the patching sweep (corrupted forward included), a
    /// whole session without clustering (the views alone) with and without the depth views, the
    /// analysis `analyze` runs (clustering on) with and without them, and that analysis as the command
    /// runs it (model load and JSON included).
    static func depth(
        _ loaded: LoadedModel, location: ModelLocation, cache: ModelCache, ids: [Int], runs: Int
    ) throws -> DepthRun? {
        guard let model = loaded.model as? any DecomposableModel else { return nil }
        var corrupted = ids
        corrupted[0] = ids.count > 1 ? ids[1] : (ids[0] + 1) % model.info.vocabularySize
        let clean = ResidualCapture(forward: try model.forward(ids: ids))
        let cleanLogits = try model.forward(ids: ids).logitsLast.values
        let answer = cleanLogits.indices.max { cleanLogits[$0] < cleanLogits[$1] } ?? 0
        let foil = answer == 0 ? 1 : 0
        let flops0 = FlopCounter.count
        let patching = try median(runs) {
            let bad = try model.forward(ids: corrupted)
            _ = try ActivationPatching.run(
                model: model, clean: clean, corrupted: bad, answer: TokenEntry(id: answer, text: ""),
                foil: TokenEntry(id: foil, text: ""), corruptedTokens: [], isCancelled: { false }, onLayer: { _ in })
        }
        // Per sweep (the warm-up included in the count): what the products cost, against the sgemm peak.
        let gflop = (FlopCounter.count - flops0) / Double(max(1, runs) + 1) / 1e9
        var analyze = AnalysisRequest(prompt: "", promptIDs: ids, model: location)
        analyze.options.streamsLayers = false  // as `analyze` runs it
        var request = analyze
        request.options.clusterHeads = false
        func without(_ r: AnalysisRequest) -> AnalysisRequest {
            var plain = r
            plain.options.depthViews = false
            return plain
        }
        let (with, bare, overhead) = try paired(runs, { _ = try session(request, cache: cache) }) {
            _ = try session(without(request), cache: cache)
        }
        let (full, fullBare, fullOverhead) = try paired(runs, { _ = try session(analyze, cache: cache) }) {
            _ = try session(without(analyze), cache: cache)
        }
        func command(_ r: AnalysisRequest) throws {
            let fresh = try ModelLoader.load(location)
            let snapshot = try session(r, cache: ModelCache { _ in fresh })
            _ = try AnalysisDocument(snapshot).json()
        }
        let (cmd, cmdBare, cmdOverhead) = try paired(runs, { try command(analyze) }) { try command(without(analyze)) }
        return DepthRun(
            tokens: ids.count, patchingS: patching, patchingGflop: gflop, patchingGflops: gflop / patching,
            sessionS: with, sessionWithoutDepthS: bare, depthOverhead: overhead, analyzeS: full,
            analyzeWithoutDepthS: fullBare, analyzeDepthOverhead: fullOverhead, commandS: cmd,
            commandWithoutDepthS: cmdBare, commandDepthOverhead: cmdOverhead)
    }

    /// Medians of `a` and `b` and the median of a/b − 1, timed in alternating pairs (after one warm-up
    /// each) so that a change in the machine's load mid-run touches both sides alike.
    static func paired(
        _ runs: Int, _ a: () throws -> Void, _ b: () throws -> Void
    ) throws -> (Double, Double, Double) {
        func time(_ body: () throws -> Void) throws -> Double {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        }
        try a()
        try b()
        var (ta, tb, ratios) = ([Double](), [Double](), [Double]())
        for i in 0..<max(1, runs) {
            var (x, y) = (0.0, 0.0)
            if i % 2 == 0 {
                x = try time(a)
                y = try time(b)
            } else {
                y = try time(b)
                x = try time(a)
            }
            ta.append(x)
            tb.append(y)
            ratios.append(x / y - 1)
        }
        return (middle(ta), middle(tb), middle(ratios))
    }
}
