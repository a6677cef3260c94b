import TensorCore
import Transformer

/// Activation patching of the residual stream: how much of the clean run's answer each
/// `resid[l][t]` restores in the corrupted run.
///
/// Legend: L layers, T tokens, D width.
public struct PatchingResult: Sendable, Equatable {
    public let answer: TokenEntry
    public let foil: TokenEntry
    /// logit(answer) − logit(foil) at the last position of the clean and the corrupted run.
    public let cleanLogitDiff: Float
    public let corruptedLogitDiff: Float
    /// `[L+1][T]`: (patched − corrupted) / (clean − corrupted); nil where not computed yet.
    public internal(set) var values: [[Float?]]
    /// The corrupted prompt's tokens.
    public let corruptedTokens: [TokenEntry]

    /// Number of layers whose row is complete.
    public var layersDone: Int { values.filter { row in row.allSatisfy { $0 != nil } }.count }
    /// Whether every (l, t) is computed.
    public var isComplete: Bool { layersDone == values.count }
}

/// Runs the patching sweep: for each l = L…0, the T patched prompts (one per position) go through
/// blocks l+1…L together.
public enum ActivationPatching {
    /// - Parameters:
    ///   - clean: the clean run's residual stream (every layer)
    ///   - corrupted: the corrupted run's, same T
    ///   - answer, foil: ids whose logit difference at the last position is the metric
    ///   - onLayer: called after each layer's row, with the result so far
    /// - Throws: `AnalysisError.patchLengthMismatch`, `.patchMetricUndefined`, `TransformerError.cancelled`
    public static func run(
        model: any DecomposableModel, clean: ResidualCapture, corrupted: ResidualCapture,
        answer: TokenEntry, foil: TokenEntry, corruptedTokens: [TokenEntry],
        isCancelled: () -> Bool, onLayer: (PatchingResult) -> Void
    ) throws -> PatchingResult {
        let (layers, t, d) = (model.info.layers, clean.tokens, clean.width)
        guard corrupted.tokens == t else {
            throw AnalysisError.patchLengthMismatch(clean: t, corrupted: corrupted.tokens)
        }
        guard clean.blocks == layers, corrupted.blocks == layers else {
            throw AnalysisError.tooFewLayers(found: min(clean.blocks, corrupted.blocks) + 1, needed: layers + 1)
        }
        let last = t - 1
        let ends = Tensor(
            shape: [2, d],
            values: clean.postRow(layer: layers, position: last) + corrupted.postRow(layer: layers, position: last))
        let diffs = try model.logitDifferences(rows: ends, answer: answer.id, foil: foil.id)
        let (cleanDiff, corruptedDiff) = (diffs[0], diffs[1])
        let span = Double(cleanDiff) - Double(corruptedDiff)
        guard span != 0, span.isFinite else {
            throw AnalysisError.patchMetricUndefined(answer: answer.text, foil: foil.text)
        }
        var result = PatchingResult(
            answer: answer, foil: foil, cleanLogitDiff: cleanDiff, corruptedLogitDiff: corruptedDiff,
            values: Array(repeating: Array(repeating: nil, count: t), count: layers + 1),
            corruptedTokens: corruptedTokens)
        let plane = t * d
        for l in stride(from: layers, through: 0, by: -1) {
            if isCancelled() { throw TransformerError.cancelled(afterLayer: l) }
            let base = Array(corrupted.post[(l * plane)..<((l + 1) * plane)])
            let source = clean.post[(l * plane)..<((l + 1) * plane)]
            // Where the clean row equals the corrupted one (e.g. every position before the first changed
            // token), the patched prompt is the corrupted one: its value is 0 with nothing to run.
            let differing = (0..<t).filter { s in
                (0..<d).contains { base[s * d + $0] != source[source.startIndex + s * d + $0] }
            }
            // Prompt s: the corrupted resid[l] with row s taken from the clean run. [N, T, D]
            var inputs = [Float]()
            inputs.reserveCapacity(differing.count * plane)
            for s in differing {
                var one = base
                let row = s * d
                for i in 0..<d { one[row + i] = source[source.startIndex + row + i] }
                inputs += one
            }
            let n = differing.count
            var patched: [Float] = []
            if n == 0 {
                patched = []
            } else if l == layers {
                // Nothing runs after the last block: read each prompt's last row directly.
                var rows = [Float]()
                rows.reserveCapacity(t * d)
                for s in 0..<n {
                    let start = s * plane + last * d
                    rows += inputs[start..<(start + d)]
                }
                patched = try model.logitDifferences(rows: Tensor(shape: [n, d], values: rows), answer: answer.id, foil: foil.id)
            } else {
                let rows = try model.continueForward(
                    from: l, inputs: Tensor(shape: [n, t, d], values: inputs), readPosition: last,
                    isCancelled: isCancelled)
                patched = try model.logitDifferences(rows: rows, answer: answer.id, foil: foil.id)
            }
            var row = [Float?](repeating: 0, count: t)
            for (i, s) in differing.enumerated() {
                row[s] = Float((Double(patched[i]) - Double(corruptedDiff)) / span)
            }
            result.values[l] = row
            onLayer(result)
        }
        return result
    }
}
