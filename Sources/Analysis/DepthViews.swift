import Foundation
import TensorCore
import Transformer

/// The depth views computed after the forward pass: lens after attention, direct logit attribution
/// and activation patching.
///
/// Legend: L layers, T tokens, D width, V vocabulary.
struct DepthViews {
    let runner: ModelRunner
    let request: AnalysisRequest
    let isCancelled: @Sendable () -> Bool

    /// The lens of `resid_mid` for blocks 1…L: at every position when `allPositions`, else at the query
    /// position only (the other positions' top lists stay empty).
    func midLens(_ run: ModelRun, allPositions: Bool) throws -> [LayerLens] {
        guard let residuals = run.residuals, residuals.blocks > 0 else { return [] }
        let (t, d) = (residuals.tokens, residuals.width)
        let blocks = residuals.blocks
        if allPositions {
            let planes = (1...blocks).map { l in
                Tensor(shape: [t, d], values: Array(residuals.mid[((l - 1) * t * d)..<(l * t * d)]))
            }
            return try runner.layerLenses(planes, layers: Array(1...blocks), run: run)
        }
        let q = run.queryPosition
        let rows = (1...blocks).flatMap { residuals.midRow(layer: $0, position: q) }
        let logits = try runner.loaded.model.lens(rows: Tensor(shape: [blocks, d], values: rows))  // [L, V]
        return try (1...blocks).map { l in
            let one = try runner.layerLens(logits, firstRow: l - 1, layer: l, run: Self.single(run))
            var top = Array(repeating: [LensEntry](), count: t)
            top[q] = one.top[0]
            return LayerLens(layer: l, top: top, queryLogprobs: one.queryLogprobs)
        }
    }

    /// A run of one token (the query) so that `layerLens` reads one row as the query row.
    private static func single(_ run: ModelRun) -> ModelRun {
        ModelRun(
            info: run.info, displayName: run.displayName, tokens: [run.tokens[run.queryPosition]],
            queryPosition: 0, lens: [], attentionValues: [], tokenText: run.tokenText)
    }

    /// The model's decomposition interface, or a typed error naming the family.
    func decomposable() throws -> any DecomposableModel {
        guard let model = runner.loaded.model as? any DecomposableModel else {
            throw AnalysisError.decompositionUnsupported(family: runner.loaded.model.info.family.rawValue)
        }
        return model
    }

    /// Attribution at the query position to the final top-1, or to A − B when a contrast is set.
    func attribution(_ run: ModelRun, contrast: ContrastResult?) throws -> AttributionResult? {
        guard let residuals = run.residuals, let final = run.lens.last,
            let top = final.top[run.queryPosition].first
        else { return nil }
        let model = try decomposable()
        let q = run.queryPosition
        let values = try DirectLogitAttribution.recomputedWeightedValues(
            model: model, residuals: residuals, position: q)
        return try DirectLogitAttribution.compute(
            model: model, residuals: residuals, position: q, target: contrast?.a.id ?? top.id,
            baseline: contrast?.b.id, weightedValues: { values[$0 - 1] }, text: run.tokenText)
    }

    /// The corrupted prompt's ids, checked to have the clean prompt's length.
    func corruptedIDs(clean: Int) throws -> [Int]? {
        guard request.options.patchPrompt != nil || request.options.patchIDs != nil else { return nil }
        let ids = try runner.tokenize(
            prompt: request.options.patchPrompt ?? "", ids: request.options.patchIDs)
        guard ids.count == clean else {
            throw AnalysisError.patchLengthMismatch(clean: clean, corrupted: ids.count)
        }
        return ids
    }

    /// Activation patching of the run against `corrupted`, reporting each finished layer.
    func patching(
        _ run: ModelRun, corrupted ids: [Int], contrast: ContrastResult?, onLayer: (PatchingResult) -> Void
    ) throws -> PatchingResult? {
        guard let clean = run.residuals, let final = run.lens.last, let cleanTop = final.top.last?.first else {
            return nil
        }
        let model = try decomposable()
        let result = try model.forward(ids: ids, onBlock: { _ in }, isCancelled: isCancelled)
        let corrupted = ResidualCapture(forward: result)
        let text = run.tokenText
        let answer = contrast?.a.id ?? cleanTop.id
        let foil = contrast?.b.id ?? Self.argmax(result.logitsLast.buffer)
        return try ActivationPatching.run(
            model: model, clean: clean, corrupted: corrupted, answer: TokenEntry(id: answer, text: text(answer)),
            foil: TokenEntry(id: foil, text: text(foil)),
            corruptedTokens: ids.map { TokenEntry(id: $0, text: text($0)) }, isCancelled: isCancelled,
            onLayer: onLayer)
    }

    static func argmax(_ row: UnsafeBufferPointer<Float>) -> Int {
        var best = 0
        for i in row.indices where row[i] > row[best] { best = i }
        return best
    }
}
