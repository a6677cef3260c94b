import Foundation
import ModelFiles
import Transformer

/// Compares the comparison model's lens with the primary model's, running the comparison model only when
/// the session keeps no run of it on the same tokens.
struct ComparisonPipeline {
    let request: AnalysisRequest
    let primary: ModelRun
    let runner: ModelRunner
    /// Where the comparison model was loaded from (what its kept run is filed under).
    let location: ModelLocation
    let store: RunStore
    let isCancelled: @Sendable () -> Bool
    /// Reads only the selected positions already read (see `AnalysisPipeline.partialSelection`).
    var partialSelection = false

    /// The comparison, and whether the comparison model had to run.
    func run() throws -> (result: ComparisonRunResult, ranModel: Bool) {
        let same = sameVocabulary()
        let ids: [Int]
        let query: Int
        if same {
            ids = primary.tokens.map(\.id)
            query = primary.queryPosition
        } else {
            ids = try runner.tokenize(prompt: request.prompt, ids: nil)
            query = try mappedQuery()
        }
        let key = RunStore.Key(model: location, ids: ids)
        var ranModel = false
        let captured: CapturedRun
        if let kept = store.run(key) {
            captured = kept
        } else {
            var empty = runner.emptyRun(ids: ids, query: query)
            captured = try runner.run(&empty, ids: ids, isCancelled: isCancelled) { _ in }
            store.put(captured, for: key)
            ranModel = true
        }
        let positions = AnalysisPipeline.selectionPositions(request, in: captured, partial: partialSelection)
        let run = try RunViews.modelRun(
            captured, query: query, topK: request.options.topK, positions: positions)
        let a = try primary.comparisonInput()
        let b = try run.comparisonInput()
        let compute = { try ModelComparison.depthMatches(a, b, sameVocabulary: same) }
        let layers = try primary.captured.map {
            try store.depthMatches(
                RunStore.DepthMatchKey(
                    a: ObjectIdentifier($0), b: ObjectIdentifier(captured), queryA: primary.queryPosition,
                    queryB: query),
                compute: compute)
        } ?? compute()
        let selection = try request.options.selection.map {
            try ModelComparison.summarize(a, b, selection: $0, sameVocabulary: same)
        }
        return (
            ComparisonRunResult(
                run: run, sameVocabulary: same, layers: layers, selection: selection, primaryInput: a,
                comparisonInput: b),
            ranModel
        )
    }

    /// Same vocabulary when both tokenizers have the same size and agree on a spread of entries.
    private func sameVocabulary() -> Bool {
        let infoA = primary.info
        let infoB = runner.loaded.model.info
        guard infoA.vocabularySize == infoB.vocabularySize else { return false }
        let other = runner.textFunction()
        let step = max(1, infoA.vocabularySize / 211)
        return stride(from: 0, to: infoA.vocabularySize, by: step).allSatisfy {
            primary.tokenText($0) == other($0)
        }
    }

    /// The comparison model's token that ends where the primary query token ends (same text prefix).
    private func mappedQuery() throws -> Int {
        guard let tokenizer = runner.loaded.tokenizer else {
            throw TransformerError.missingTokenizer(folder: runner.loaded.displayName)
        }
        let prefixIDs = primary.tokens.prefix(primary.queryPosition + 1).map(\.id)
        let prefix = primary.tokens.count == prefixIDs.count ? request.prompt : decodePrimary(prefixIDs)
        let encoded = try tokenizer.encode(prefix)
        return max(0, encoded.count - 1)
    }

    private func decodePrimary(_ ids: [Int]) -> String {
        ids.map { primary.tokenText($0) }.joined()
    }
}
