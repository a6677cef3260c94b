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

/// Runs the patching sweep: for each l = L…0, the patched prompts (one per position t) go through
/// blocks l+1…L together, each from position t on: positions before t are the corrupted run's, whose keys
/// and values the blocks read from it (`DecomposableModel.continueSuffixes`).
public enum ActivationPatching {
    /// Most rows (Σ T − t over a batch's positions) in one batch: bounds the memory of long prompts.
    static let batchRows = 1024

    /// - Parameters:
    ///   - clean: the clean run's residual stream (every layer)
    ///   - corrupted: the corrupted run, same T (its residual stream, keys and values)
    ///   - answer, foil: ids whose logit difference at the last position is the metric
    ///   - onLayer: called after each layer's row, with the result so far
    /// - Throws: `AnalysisError.patchLengthMismatch`, `.patchMetricUndefined`, `TransformerError.cancelled`
    public static func run(
        model: any DecomposableModel, clean: ResidualCapture, corrupted run: ForwardResult,
        answer: TokenEntry, foil: TokenEntry, corruptedTokens: [TokenEntry],
        isCancelled: () -> Bool, onLayer: (PatchingResult) -> Void
    ) throws -> PatchingResult {
        let corrupted = ResidualCapture(forward: run)
        let (layers, t, d) = (model.info.layers, clean.tokens, clean.width)
        guard corrupted.tokens == t else {
            throw AnalysisError.patchLengthMismatch(clean: t, corrupted: corrupted.tokens)
        }
        guard clean.blocks == layers, corrupted.blocks == layers else {
            throw AnalysisError.tooFewLayers(
                found: min(clean.blocks, corrupted.blocks) + 1, needed: layers + 1)
        }
        let last = t - 1
        let ends = Tensor(
            shape: [2, d],
            values: clean.postRow(layer: layers, position: last)
                + corrupted.postRow(layer: layers, position: last))
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
            let base = corrupted.post[(l * plane)..<((l + 1) * plane)]
            let source = clean.post[(l * plane)..<((l + 1) * plane)]
            // Where the clean row equals the corrupted one (e.g. every position before the first changed
            // token), the patched prompt is the corrupted one: its value is 0 with nothing to run.
            let differing = (0..<t).filter { s in
                (0..<d).contains {
                    base[base.startIndex + s * d + $0] != source[source.startIndex + s * d + $0]
                }
            }
            var row = [Float?](repeating: 0, count: t)
            for batch in batches(differing, tokens: t) {
                if isCancelled() { throw TransformerError.cancelled(afterLayer: l) }
                // Prompt s from position s on: the clean row s, then the corrupted rows after it. [R, D]
                var inputs = [Float]()
                inputs.reserveCapacity(batch.reduce(0) { $0 + (t - $1) } * d)
                for s in batch {
                    inputs += source[(source.startIndex + s * d)..<(source.startIndex + (s + 1) * d)]
                    inputs += base[(base.startIndex + (s + 1) * d)..<(base.startIndex + plane)]
                }
                let ends = try model.continueSuffixes(
                    from: l, inputs: Tensor(shape: [inputs.count / d, d], values: inputs), starts: batch,
                    base: run.attention, isCancelled: isCancelled)
                let patched = try model.logitDifferences(rows: ends, answer: answer.id, foil: foil.id)
                for (i, s) in batch.enumerated() {
                    row[s] = Float((Double(patched[i]) - Double(corruptedDiff)) / span)
                }
            }
            result.values[l] = row
            onLayer(result)
        }
        return result
    }

    /// `positions` in consecutive groups of at most `batchRows` rows (one position alone may exceed it).
    static func batches(_ positions: [Int], tokens t: Int) -> [[Int]] {
        var groups: [[Int]] = []
        var current: [Int] = []
        var rows = 0
        for s in positions {
            if !current.isEmpty && rows + (t - s) > batchRows {
                groups.append(current)
                current = []
                rows = 0
            }
            current.append(s)
            rows += t - s
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }
}
