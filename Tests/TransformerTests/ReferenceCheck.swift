import Foundation
import Testing
import TensorCore
@testable import Transformer

/// Tolerances for comparing a model with its transformers reference (fixtures/README.md).
struct Tolerances {
    /// Absolute tolerance on the residual stream, or nil to use `residRelative`.
    var resid: Float? = 1e-4
    /// Tolerance relative to each layer's max |resid| (SmolLM2's outlier dimensions).
    var residRelative: Float = 1e-4
    var attention: Float = 1e-5
    var logits: Float = 1e-4
    var logProbs: Float = 1e-4
}

/// Largest |a − b| over two equally long arrays.
func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Indices of the k largest values, largest first.
func topK(_ row: UnsafeBufferPointer<Float>, _ k: Int) -> [Int] {
    var best: [(Float, Int)] = []
    for (i, v) in row.enumerated() where best.count < k || v > best[best.count - 1].0 {
        let at = best.firstIndex { $0.0 < v } ?? best.count
        best.insert((v, i), at: at)
        if best.count > k { best.removeLast() }
    }
    return best.map(\.1)
}

/// Runs every prompt of a reference file through `model` and compares resid `[L+1, T, D]`, attention
/// `[L, H, T, T]`, `logits_last` `[V]` and the lens top-20 `[L+1, T, 20]` at every layer and position.
func checkAgainstReference(_ model: any LanguageModel, reference url: URL, tolerances tol: Tolerances) throws
{
    let ref = try ReferenceFile(url)
    var prompt = 0
    while ref.info("p\(prompt).input_ids") != nil {
        let p = "p\(prompt)"
        let ids = try ref.ints("\(p).input_ids")
        let result = try model.forward(ids: ids)
        let refResid = try ref.tensor("\(p).resid")
        #expect(result.resid.shape == refResid.shape, "\(p) resid shape")
        let (layers, t, d) = (model.info.layers, ids.count, model.info.width)
        let plane = t * d
        for l in 0...layers {
            let ours = Array(result.resid.values[(l * plane)..<((l + 1) * plane)])
            let theirs = Array(refResid.values[(l * plane)..<((l + 1) * plane)])
            let limit = tol.resid ?? tol.residRelative * theirs.reduce(0) { max($0, abs($1)) }
            let diff = maxAbsDiff(ours, theirs)
            #expect(diff <= limit, "\(p) resid[\(l)] max |Δ| \(diff) > \(limit)")
        }
        let refAttn = try ref.tensor("\(p).attn")
        let patterns = result.attention.patterns()
        #expect(patterns.shape == refAttn.shape, "\(p) attention shape")
        let attnDiff = maxAbsDiff(patterns.values, refAttn.values)
        #expect(attnDiff <= tol.attention, "\(p) attention max |Δ| \(attnDiff)")
        let logitsDiff = maxAbsDiff(result.logitsLast.values, try ref.tensor("\(p).logits_last").values)
        #expect(logitsDiff <= tol.logits, "\(p) logits_last max |Δ| \(logitsDiff)")
        try checkLens(model, result: result, ref: ref, prompt: p, tolerance: tol.logProbs)
        prompt += 1
    }
    #expect(prompt == 3, "reference has three prompts")
}

/// The lens of all (L+1)·T residual rows as one product, against `lens_top_ids` / `lens_top_logprobs`:
/// log-probs compared by rank, and each reference id must have (within tolerance) the reference's log-prob,
/// which allows swaps only between entries closer than the tolerance.
func checkLens(
    _ model: any LanguageModel, result: ForwardResult, ref: ReferenceFile, prompt p: String, tolerance: Float
) throws {
    let (layers, t) = (model.info.layers, result.ids.count)
    let logits = try model.lens(rows: result.allResidualRows)
    #expect(logits.shape == [(layers + 1) * t, model.info.vocabularySize])
    let v = model.info.vocabularySize
    var logProbs = logits.values
    logProbs.withUnsafeMutableBufferPointer { buf in
        if let base = buf.baseAddress { logSoftmaxRows(base, rows: (layers + 1) * t, count: v) }
    }
    let refIDs = try ref.ints("\(p).lens_top_ids")
    let refLP = try ref.tensor("\(p).lens_top_logprobs").values
    var worst: Float = 0
    var mismatches = 0
    logProbs.withUnsafeBufferPointer { all in
        for r in 0..<((layers + 1) * t) {
            let row = UnsafeBufferPointer(rebasing: all[(r * v)..<((r + 1) * v)])
            let ours = topK(row, 20)
            for k in 0..<20 {
                let expected = refLP[r * 20 + k]
                let here = max(abs(row[ours[k]] - expected), abs(row[refIDs[r * 20 + k]] - expected))
                if here > worst, ProcessInfo.processInfo.environment["LENS_DEBUG"] != nil {
                    print(
                        "row \(r) rank \(k) ours \(ours[k]) \(row[ours[k]]) "
                            + "ref \(refIDs[r * 20 + k]) \(expected) "
                            + "ours-of-ref \(row[refIDs[r * 20 + k]])")
                }
                worst = max(worst, here)
                if ours[k] != refIDs[r * 20 + k] { mismatches += 1 }
            }
        }
    }
    #expect(worst <= tolerance, "\(p) lens log-probs max |Δ| \(worst) (\(mismatches) near-tie swaps)")
}
