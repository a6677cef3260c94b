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

/// Runs the patching sweep: the patched prompts (one per layer l and position t, from l = L down) go
/// through blocks l+1…L in batches, each from position t on: positions before t are the corrupted run's,
/// whose keys and values the blocks read from it (`DecomposableModel.continueSuffixes`). A batch holds
/// the prompts of one layer or of several (10 tokens that all differ: two batches for 31 layers); a layer's
/// row is reported once it is complete.
public enum ActivationPatching {
    /// Most rows (Σ T − t over a batch's prompts) in one batch: bounds the memory of long prompts.
    public static let batchRows = 1024

    /// - Parameters:
    ///   - clean: the clean run's residual stream (every layer)
    ///   - corrupted: the corrupted run, same T (its residual stream, keys and values)
    ///   - answer, foil: ids whose logit difference at the last position is the metric
    ///   - onLayer: called after each layer's row, with the result so far
    ///   - rowsPerBatch: most rows in one batch (a prompt alone may exceed it)
    /// - Throws: `AnalysisError.patchLengthMismatch`, `.patchMetricUndefined`, `TransformerError.cancelled`
    public static func run(
        model: any DecomposableModel, clean: ResidualCapture, corrupted run: ForwardResult,
        answer: TokenEntry, foil: TokenEntry, corruptedTokens: [TokenEntry],
        isCancelled: () -> Bool, onLayer: (PatchingResult) -> Void, rowsPerBatch: Int = batchRows
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
        // Every (l, s) to run, from the last layer down. Where the clean row equals the corrupted one (e.g.
        // every position before the first changed token), the patched prompt is the corrupted one: its
        // value is 0 with nothing to run.
        var patches: [Patch] = []
        var rows = [[Float?]](repeating: Array(repeating: 0, count: t), count: layers + 1)
        for l in stride(from: layers, through: 0, by: -1) {
            let (base, source) = (corrupted.post[(l * plane)...], clean.post[(l * plane)...])
            for s in 0..<t
            where (0..<d).contains(where: {
                base[base.startIndex + s * d + $0] != source[source.startIndex + s * d + $0]
            }) {
                patches.append(Patch(layer: l, position: s))
                rows[l][s] = nil
            }
        }
        // A layer's row goes out once its last patch is done, layers in order (L first).
        var reported = layers + 1
        func report() {
            while reported > 0, rows[reported - 1].allSatisfy({ $0 != nil }) {
                reported -= 1
                result.values[reported] = rows[reported]
                onLayer(result)
            }
        }
        report()
        // Patches of several layers share a batch: a patch at l joins it at block l+1, so every block runs
        // once for all of the batch's patches below it (rows of up to `batchRows`: fewer, larger products).
        for batch in batches(patches, limit: rowsPerBatch, rows: { t - $0.position }) {
            if isCancelled() { throw TransformerError.cancelled(afterLayer: batch[0].layer) }
            // Prompt s at layer l from position s on: the clean row s, then the corrupted rows after it. [R, D]
            var inputs = [Float]()
            inputs.reserveCapacity(batch.reduce(0) { $0 + (t - $1.position) } * d)
            for p in batch {
                let start = p.layer * plane + p.position * d
                inputs += clean.post[start..<(start + d)]
                inputs += corrupted.post[(start + d)..<((p.layer + 1) * plane)]
            }
            let ends = try model.continueSuffixes(
                from: batch.map(\.layer), inputs: Tensor(shape: [inputs.count / d, d], values: inputs),
                starts: batch.map(\.position), base: run.attention, isCancelled: isCancelled)
            let patched = try model.logitDifferences(rows: ends, answer: answer.id, foil: foil.id)
            for (p, value) in zip(batch, patched) {
                rows[p.layer][p.position] = Float((Double(value) - Double(corruptedDiff)) / span)
            }
            report()
        }
        return result
    }

    /// One patched prompt: `resid[layer][position]` from the clean run.
    struct Patch: Equatable {
        let layer: Int
        let position: Int
    }

    /// `items` in consecutive groups of at most `limit` rows (one item alone may exceed it).
    static func batches<Item>(_ items: [Item], limit: Int = batchRows, rows: (Item) -> Int) -> [[Item]] {
        var groups: [[Item]] = []
        var current: [Item] = []
        var count = 0
        for item in items {
            if !current.isEmpty && count + rows(item) > limit {
                groups.append(current)
                current = []
                count = 0
            }
            current.append(item)
            count += rows(item)
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }
}
