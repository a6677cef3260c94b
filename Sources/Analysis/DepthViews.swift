import Foundation
import TensorCore
import Transformer

/// The depth views computed from a finished run: lens after attention, direct logit attribution and
/// activation patching.
///
/// Legend: L layers, T tokens, D width, V vocabulary.
struct DepthViews {
    let runner: ModelRunner
    let request: AnalysisRequest
    let isCancelled: @Sendable () -> Bool

    /// The lens of `resid_mid` for blocks 1…L at the query position (the other positions' top lists
    /// stay empty): read during the pass, or one lens product of L rows.
    func midLens(_ captured: CapturedRun, query: Int) throws -> [LayerLens] {
        let rows = try captured.midLogprobs(at: query)
        let tops = CapturedRun.topEntries(rows: rows, k: runner.topK, text: captured.tokenText)
        return zip(rows, tops).enumerated().map { i, layer in
            let (row, queryTop) = layer
            var top = [[LensEntry]](repeating: [], count: captured.tokenCount)
            top[query] = queryTop
            return LayerLens(layer: i + 1, top: top, queryLogprobs: row)
        }
    }

    /// The model's decomposition interface, or a typed error naming the family.
    func decomposable() throws -> any DecomposableModel {
        guard let model = runner.loaded.model as? any DecomposableModel else {
            throw AnalysisError.decompositionUnsupported(family: runner.loaded.model.info.family.rawValue)
        }
        return model
    }

    /// Attribution at the query position to the final top-1, or to A − B when a contrast is set.
    func attribution(_ captured: CapturedRun, query: Int, contrast: ContrastResult?) throws -> AttributionResult {
        let model = try decomposable()
        let final = try captured.top(at: query, k: 1).last?.first
        let target = contrast?.a.id ?? final?.id ?? 0
        return try DirectLogitAttribution.compute(
            model: model,
            residuals: ResidualCapture(
                forward: captured.forward, midRows: (query, try captured.residMidRows(at: query))),
            position: query, target: target,
            baseline: contrast?.b.id, weightedValues: { captured.headValues(layer: $0 - 1, position: query) },
            text: captured.tokenText)
    }

    /// The corrupted prompt's ids, checked to have the clean prompt's length.
    func corruptedIDs(clean: Int) throws -> [Int]? {
        guard request.options.patchPrompt != nil || request.options.patchIDs != nil else { return nil }
        let ids = try runner.tokenize(prompt: request.options.patchPrompt ?? "", ids: request.options.patchIDs)
        guard ids.count == clean else {
            throw AnalysisError.patchLengthMismatch(clean: clean, corrupted: ids.count)
        }
        return ids
    }

    /// Activation patching of the run against `corrupted`, reporting each finished layer.
    func patching(
        _ run: ModelRun, corrupted ids: [Int], contrast: ContrastResult?, onLayer: (PatchingResult) -> Void
    ) throws -> PatchingResult? {
        guard let captured = run.captured else { return nil }
        let model = try decomposable()
        let result = try model.forward(ids: ids, onBlock: { _ in }, isCancelled: isCancelled)
        let last = captured.tokenCount - 1
        let text = captured.tokenText
        let answer = try contrast?.a.id ?? captured.top(at: last, k: 1).last?.first?.id ?? 0
        let foil = contrast?.b.id ?? Self.argmax(result.logitsLast.buffer)
        return try ActivationPatching.run(
            model: model, clean: ResidualCapture(forward: captured.forward), corrupted: result,
            answer: TokenEntry(id: answer, text: text(answer)), foil: TokenEntry(id: foil, text: text(foil)),
            corruptedTokens: ids.map { TokenEntry(id: $0, text: text($0)) }, isCancelled: isCancelled,
            onLayer: onLayer)
    }

    static func argmax(_ row: UnsafeBufferPointer<Float>) -> Int {
        var best = 0
        for i in row.indices where row[i] > row[best] { best = i }
        return best
    }
}
