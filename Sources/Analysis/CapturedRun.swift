import Foundation
import TensorCore
import Transformer

/// One model's forward pass over one prompt and what it kept: the only part of an analysis that depends
/// on the model and the prompt. Every view (lens, metrics, attention, clusters, contrast, comparison) is
/// computed from it; controls, chips and drags never run the model again.
///
/// Kept: the residual stream `[L+1, T, D]`, `resid_mid` `[L, T, D]` (up to `ForwardResult.residMidTokenLimit`
/// tokens; above it the query's rows, read during the pass, and other positions' recomputed when asked) and
/// each block's queries, keys, values and attention rule (`AttentionCapture`). Lens read-outs are computed
/// per position when asked and cached.
/// Immutable apart from its caches (behind a lock), so it crosses threads.
/// Legend: L layers, H heads, T tokens, D width, V vocabulary, d head width, k top-k.
public final class CapturedRun: @unchecked Sendable {
    public let info: ModelInfo
    public let displayName: String
    /// The token ids that were run, `[T]`.
    public let ids: [Int]
    /// The prompt tokens as the UI shows them, `[T]`.
    public let tokens: [TokenEntry]
    /// The forward pass's record.
    public let forward: ForwardResult
    /// Readable text of any vocabulary id.
    public let tokenText: @Sendable (Int) -> String
    let model: any LanguageModel

    private let lock = NSLock()
    /// Full log-probs per layer at a few recent positions, `[L+1][V]` each (6 MB per position for SmolLM2).
    private var logprobCache = PositionCache<[[Float]]>(capacity: logprobCacheSize)
    /// Top-k per layer at positions asked for, with the k it was computed for.
    private var topCache: [Int: (k: Int, layers: [[LensEntry]])] = [:]
    /// `resid_mid` rows `[L][D]` of a few positions, for a run that keeps no `resid_mid`.
    private var midCache = PositionCache<[[Float]]>(capacity: logprobCacheSize)
    /// The lens of `resid_mid` at a few positions, `[L][V]` each: the query's, read during the pass, and
    /// those asked for or read ahead.
    private var midLensCache = PositionCache<[[Float]]>(capacity: logprobCacheSize)
    /// The layer metrics of a few positions' lens.
    private var metricsCache = PositionCache<[LayerMetrics]>(capacity: logprobCacheSize)
    /// The lens grids (every layer and position) once read: they depend on the run alone.
    private var gridCache: [Bool: LensGrid] = [:]
    static let logprobCacheSize = 8

    init(
        loaded: LoadedModel, tokens: [TokenEntry], forward: ForwardResult,
        tokenText: @escaping @Sendable (Int) -> String
    ) {
        info = loaded.model.info
        ids = tokens.map(\.id)
        self.tokens = tokens
        displayName = loaded.displayName
        model = loaded.model
        self.forward = forward
        self.tokenText = tokenText
    }

    /// T.
    public var tokenCount: Int { ids.count }

    /// Post-softmax attention of `query` in block `layer` (0-based: block layer+1), every head, `[H, T]`;
    /// equal to the forward's weights (to rounding). Empty when out of range.
    public func attentionRow(layer: Int, query: Int) -> [Float] {
        forward.attention.rows(layer: layer, query: query)
    }

    /// Per-head attention output before the output projection at `position` in block `layer`
    /// (`hook_z`), `[H, d]`. Empty when out of range.
    public func headValues(layer: Int, position: Int) -> [Float] {
        forward.attention.headValues(layer: layer, position: position)
    }

    /// Residual stream after block `layer`'s attention sub-layer (`hook_resid_mid`, layer 0-based:
    /// block layer+1) at `position`, `[D]`. Empty when out of range.
    public func residMid(layer: Int, position: Int) -> [Float] {
        if let kept = forward.residMid { return row(kept, layer: layer, position: position) }
        guard let rows = try? residMidRows(at: position), rows.indices.contains(layer) else { return [] }
        return rows[layer]
    }

    /// `resid_mid` of blocks 1…L at `position`, `[L][D]`: the kept rows, or for a long prompt the rows read
    /// during the pass (query position) or recomputed block by block (cached for a few positions).
    /// - Throws: `.queryPositionOutOfRange`, `.decompositionUnsupported`, the model's errors
    public func residMidRows(at position: Int) throws -> [[Float]] {
        guard position >= 0 && position < tokenCount else {
            throw AnalysisError.queryPositionOutOfRange(position: position, tokenCount: tokenCount)
        }
        if let kept = forward.residMid {
            return (0..<kept.shape[0]).map { row(kept, layer: $0, position: position) }
        }
        if let hit = lock.withLock({ midCache.value(at: position) }) { return hit }
        guard let model = model as? any DecomposableModel else {
            throw AnalysisError.decompositionUnsupported(family: info.family.rawValue)
        }
        let tensor = try model.residMidRows(of: forward, position: position)
        let d = tensor.shape[1]
        let rows = (0..<tensor.shape[0]).map { Array(tensor.buffer[($0 * d)..<(($0 + 1) * d)]) }
        storeMid(position: position, rows: rows)
        return rows
    }

    /// The lens after attention at `position`: log-probs of blocks 1…L, `[L][V]` (read during the pass
    /// for the query position, else one lens product of L rows).
    /// - Throws: `.queryPositionOutOfRange`, `.nonFiniteDistribution`, the model's lens errors.
    public func midLogprobs(at position: Int) throws -> [[Float]] {
        if let hit = lock.withLock({ midLensCache.value(at: position) }) { return hit }
        let mids = try residMidRows(at: position)
        guard !mids.isEmpty else { return [] }
        let rows = try Self.logprobRows(
            try model.lens(rows: Tensor(shape: [mids.count, info.width], values: mids.flatMap { $0 })))
        storeMidLens(position: position, rows: rows)
        return rows
    }

    /// The lens grid after each block, or after each block's attention, read once per run (a lens
    /// product per position and layer: seconds for a few hundred tokens) and cached.
    /// - Throws: the model's lens errors; `.invalidParameter` after attention above `residMidTokenLimit`
    public func lensGrid(afterAttention: Bool) throws -> LensGrid {
        if let hit = lock.withLock({ gridCache[afterAttention] }) { return hit }
        let grid = afterAttention ? try LensGrid.afterAttention(self) : try LensGrid.afterBlocks(self)
        lock.withLock { gridCache[afterAttention] = grid }
        return grid
    }

    /// Whether that grid was read already.
    func isGridCached(afterAttention: Bool) -> Bool { lock.withLock { gridCache[afterAttention] != nil } }

    /// Whether the top-k (with at least `k` entries) of every layer at `position` is in the cache.
    func isTopCached(at position: Int, k: Int) -> Bool { lock.withLock { hasTop(at: position, k: k) } }

    /// `isTopCached` with the lock already held.
    private func hasTop(at position: Int, k: Int) -> Bool { (topCache[position]?.k ?? 0) >= k }

    /// Whether the lens after attention of `position` is in the cache.
    func isMidLensCached(at position: Int) -> Bool {
        lock.withLock { midLensCache.contains(position) }
    }

    /// Keeps the lens after attention of `position`, `[L][V]`.
    func storeMidLens(position: Int, rows: [[Float]]) {
        lock.withLock { midLensCache.put(rows, at: position) }
    }

    /// Keeps `resid_mid` rows of `position` read during the pass (a run that keeps no `resid_mid`).
    func storeMid(position: Int, rows: [[Float]]) {
        guard forward.residMid == nil else { return }
        lock.withLock { midCache.put(rows, at: position) }
    }

    /// Residual stream at lens layer `layer` (0 = embedding, l = after block l) at `position`, `[D]`.
    public func resid(layer: Int, position: Int) -> [Float] {
        row(forward.resid, layer: layer, position: position)
    }

    private func row(_ tensor: Tensor, layer: Int, position: Int) -> [Float] {
        let (layers, t, d) = (tensor.shape[0], tensor.shape[1], tensor.shape[2])
        guard layer >= 0, layer < layers, position >= 0, position < t else { return [] }
        let start = (layer * t + position) * d
        return Array(tensor.buffer[start..<(start + d)])
    }

    /// The lens at `position`: log-probs of every layer, `[L+1][V]` (cached for a few positions).
    /// - Throws: `.queryPositionOutOfRange`, `.nonFiniteDistribution`, the model's lens errors.
    public func logprobs(at position: Int) throws -> [[Float]] {
        guard position >= 0 && position < tokenCount else {
            throw AnalysisError.queryPositionOutOfRange(position: position, tokenCount: tokenCount)
        }
        if let hit = lock.withLock({ logprobCache.value(at: position) }) { return hit }
        let rows = try Self.logprobRows(try model.lens(rows: forward.residualRows(at: position)))
        store(position: position, rows: rows)
        return rows
    }

    /// The layer metrics (entropy, KL to the final layer, …) of the lens at `position`, cached.
    /// - Throws: as `logprobs(at:)`, and `LayerMetricsCalculator`'s errors
    public func metrics(at position: Int) throws -> [LayerMetrics] {
        if let hit = lock.withLock({ metricsCache.value(at: position) }) { return hit }
        let metrics = try LayerMetricsCalculator.metrics(lens: try logprobs(at: position))
        lock.withLock { metricsCache.put(metrics, at: position) }
        return metrics
    }

    /// Whether the lens of `position` is in the cache (read during the pass, asked for, or read in the background).
    func isLensCached(at position: Int) -> Bool {
        lock.withLock { logprobCache.contains(position) }
    }

    /// Keeps already computed log-probs (the query position's, streamed during the forward pass).
    func store(position: Int, rows: [[Float]]) {
        lock.withLock { logprobCache.put(rows, at: position) }
    }

    /// Raw logits `[N, V]` → log-probs per row (rows spread over the cores: each is three passes over V).
    static func logprobRows(_ logits: Tensor) throws -> [[Float]] {
        let (n, vocab) = (logits.shape[0], logits.shape[1])
        guard let base = logits.buffer.baseAddress, vocab > 0 else { throw AnalysisError.emptyDistribution }
        var rows = [[Float]](repeating: [], count: n)
        var finite = [Bool](repeating: true, count: n)
        rows.withUnsafeMutableBufferPointer { out in
            finite.withUnsafeMutableBufferPointer { ok in
                WorkSplit.forEach(n) { r in
                    let row = base + r * vocab
                    let (maxValue, lse) = logSumExp(row, count: vocab)
                    ok[r] = maxValue.isFinite
                    out[r] = [Float](unsafeUninitializedCapacity: vocab) { buffer, count in
                        for v in 0..<vocab { buffer[v] = row[v] - lse }
                        count = vocab
                    }
                }
            }
        }
        guard finite.allSatisfy({ $0 }) else { throw AnalysisError.nonFiniteDistribution(count: vocab) }
        return rows
    }

    /// Top-k of every layer at `position`, `[L+1][k]`, descending (cached per position).
    public func top(at position: Int, k: Int) throws -> [[LensEntry]] {
        if let hit = lock.withLock({ topCache[position] }), hit.k >= k {
            return hit.layers.map { Array($0.prefix(k)) }
        }
        let cached = lock.withLock { logprobCache.value(at: position) }
        let layers: [[LensEntry]]
        if let cached {
            layers = Self.topEntries(rows: cached, k: k, text: tokenText)
        } else {
            layers = try topFromLogits(at: [position], k: k)[0]
        }
        lock.withLock { topCache[position] = (k, layers) }
        return layers
    }

    /// Reads and caches the top-k of every layer at each of `positions` not cached yet with at least k,
    /// `positionsPerProduct` positions per lens product (one read of the unembedding for all of them instead
    /// of one per position): a comparison selection over many tokens, and its read-ahead.
    public func readTops(at positions: [Int], k: Int) throws {
        let missing = lock.withLock { positions.filter { !hasTop(at: $0, k: k) } }
        for chunk in Self.productChunks(missing) {
            let tops = try topFromLogits(at: chunk, k: k)
            lock.withLock { for (p, layers) in zip(chunk, tops) { topCache[p] = (k, layers) } }
        }
    }

    /// Positions whose lens goes in one product in `readTops`: (L+1)·2 rows, 25–30 ms for SmolLM2 here
    /// (a read-ahead step, which a drag or a control may have to wait for), 12 MB of logits. Four per
    /// product read 15 % faster in all but made a drag wait up to 80 ms.
    static let positionsPerProduct = 2

    /// `positions` in order, cut into groups of `positionsPerProduct` (the last may be shorter).
    static func productChunks(_ positions: [Int]) -> [[Int]] {
        stride(from: 0, to: positions.count, by: positionsPerProduct).map {
            Array(positions[$0..<min(positions.count, $0 + positionsPerProduct)])
        }
    }

    /// Top-k straight from the logits (no full log-prob array kept), `[P][L+1][k]`: for positions other
    /// than the query.
    private func topFromLogits(at positions: [Int], k: Int) throws -> [[[LensEntry]]] {
        for position in positions where position < 0 || position >= tokenCount {
            throw AnalysisError.queryPositionOutOfRange(position: position, tokenCount: tokenCount)
        }
        let perPosition = info.layers + 1
        let rows = positions.count == 1
            ? forward.residualRows(at: positions[0])
            : Tensor(
                shape: [positions.count * perPosition, info.width],
                values: positions.flatMap { forward.residualRows(at: $0).values })
        let logits = try model.lens(rows: rows)
        let vocab = logits.shape[1]
        guard let base = logits.buffer.baseAddress else { throw AnalysisError.emptyDistribution }
        let layers = try (0..<logits.shape[0]).map { r in
            let row = base + r * vocab
            let (maxValue, lse) = logSumExp(row, count: vocab)
            guard maxValue.isFinite else { throw AnalysisError.nonFiniteDistribution(count: vocab) }
            return TopKSelection.select(UnsafeBufferPointer(start: row, count: vocab), k: k).map {
                let logprob = $0.value - lse
                return LensEntry(
                    id: $0.index, text: tokenText($0.index), logprob: logprob, prob: expf(logprob))
            }
        }
        return positions.indices.map { Array(layers[($0 * perPosition)..<(($0 + 1) * perPosition)]) }
    }

    /// Top-k entries of each log-prob row, the rows spread over the cores.
    static func topEntries(rows: [[Float]], k: Int, text: (Int) -> String) -> [[LensEntry]] {
        var out = [[LensEntry]](repeating: [], count: rows.count)
        out.withUnsafeMutableBufferPointer { out in
            WorkSplit.forEach(rows.count) { r in out[r] = topEntries(rows[r], k: k, text: text) }
        }
        return out
    }

    /// Top-k entries of one log-prob row.
    static func topEntries(_ row: [Float], k: Int, text: (Int) -> String) -> [LensEntry] {
        row.withUnsafeBufferPointer { buffer in
            TopKSelection.select(buffer, k: k).map {
                LensEntry(id: $0.index, text: text($0.index), logprob: $0.value, prob: expf($0.value))
            }
        }
    }
}
