import Foundation
import TensorCore
import Transformer

/// The logit lens at every layer and position: top-1 (and the top few for hovering) and the
/// probability of the prompt's next token.
///
/// Legend: L layers, T tokens, V vocabulary, k top-k. Indexed `[row][t]`, one row per layer read.
public struct LensGrid: Sendable, Equatable {
    /// Layer of each row: 0…L after each block, or 1…L after each block's attention (`resid_mid`).
    public let layers: [Int]
    public let topIDs: [[Int]]
    public let topTexts: [[String]]
    public let topProbs: [[Float]]
    /// Probability of prompt token t+1 at (l, t); nil at the last position.
    public let nextTokenProbs: [[Float?]]
    /// The top `k` of every cell, descending, `[row][t][k]`.
    public let cells: [[[LensEntry]]]

    /// Rows read per lens product: bounds the `[rows, V]` logits held at once.
    static let rowsPerProduct = 256

    /// Reads the lens of every residual row of `planes` (`[n, T, D]`: one plane per layer in `layers`).
    /// - Throws: the model's lens errors, `.nonFiniteDistribution`
    public init(
        model: any LanguageModel, planes: Tensor, layers: [Int], tokens: [TokenEntry], k: Int = 5,
        text: (Int) -> String
    ) throws {
        let (n, t, d) = (planes.shape[0], planes.shape[1], planes.shape[2])
        let all = planes.values
        var cells: [[[LensEntry]]] = Array(repeating: [], count: n)
        var next: [[Float?]] = Array(repeating: [], count: n)
        var row = 0
        while row < n * t {
            let count = min(Self.rowsPerProduct, n * t - row)
            let logits = try model.lens(rows: Tensor(shape: [count, d], values: Array(all[(row * d)..<((row + count) * d)])))
            let vocab = logits.shape[1]
            guard let base = logits.buffer.baseAddress else { throw AnalysisError.emptyDistribution }
            for r in 0..<count {
                let (layer, position) = ((row + r) / t, (row + r) % t)
                let p = base + r * vocab
                let (maxValue, lse) = logSumExp(p, count: vocab)
                guard maxValue.isFinite else { throw AnalysisError.nonFiniteDistribution(count: vocab) }
                cells[layer].append(
                    TopKSelection.select(UnsafeBufferPointer(start: p, count: vocab), k: k).map {
                        let logprob = $0.value - lse
                        return LensEntry(id: $0.index, text: text($0.index), logprob: logprob, prob: expf(logprob))
                    })
                let nextID = position + 1 < t ? tokens[position + 1].id : -1
                next[layer].append(nextID >= 0 && nextID < vocab ? expf(p[nextID] - lse) : nil)
            }
            row += count
        }
        self.layers = layers
        self.cells = cells
        nextTokenProbs = next
        topIDs = cells.map { $0.map { $0.first?.id ?? -1 } }
        topTexts = cells.map { $0.map { $0.first?.text ?? "" } }
        topProbs = cells.map { $0.map { $0.first?.prob ?? 0 } }
    }

    /// The grid after each block (l = 0…L) of a finished run.
    public static func afterBlocks(_ captured: CapturedRun, k: Int = 5) throws -> LensGrid {
        let resid = captured.forward.resid
        return try LensGrid(
            model: captured.model, planes: resid, layers: Array(0..<resid.shape[0]), tokens: captured.tokens,
            k: k, text: captured.tokenText)
    }

    /// The grid after each block's attention (`resid_mid`, blocks 1…L) of a finished run.
    public static func afterAttention(_ captured: CapturedRun, k: Int = 5) throws -> LensGrid {
        // Kept up to `ForwardResult.residMidTokenLimit` tokens, the longest prompt whose grids are read.
        guard let mid = captured.forward.residMid else {
            throw AnalysisError.invalidParameter(
                name: "lens grid after attention", value: "\(captured.tokenCount) tokens",
                valid: "at most \(ForwardResult.residMidTokenLimit) tokens")
        }
        return try LensGrid(
            model: captured.model, planes: mid, layers: Array(1...max(1, mid.shape[0])).prefix(mid.shape[0]).map { $0 },
            tokens: captured.tokens, k: k, text: captured.tokenText)
    }
}
