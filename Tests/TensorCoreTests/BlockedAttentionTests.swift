import Foundation
import TensorCore
import Testing

/// Deterministic pseudo-random values in [-a, a].
private func noise(_ count: Int, seed: UInt64, amplitude: Float) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * amplitude
    }
}

@Suite("Blocked attention and recomputed rows")
struct BlockedAttentionTests {
    /// T spans three tiles (the last one partial); 4 query heads share 2 key/value heads; Q, K and V are
    /// views into one fused row of width 8·d, as GPT-2's QKV.
    static let (t, heads, kvHeads, d) = (300, 4, 2, 16)

    static func run(_ rule: AttentionRule) -> (
        out: [Float], reference: [Float], probs: [Float], capture: AttentionCapture
    ) {
        let stride = (heads + 2 * kvHeads) * d
        let qkv = noise(t * stride, seed: 7, amplitude: 2)
        var out = [Float](repeating: 0, count: t * heads * d)
        var reference = out
        var probs = [Float](repeating: 0, count: heads * t * t)
        let capture = AttentionCapture(layers: 2)
        qkv.withUnsafeBufferPointer { src in
            guard let p = src.baseAddress else { return }
            let (q, k, v) = (p, p + heads * d, p + (heads + kvHeads) * d)
            out.withUnsafeMutableBufferPointer { o in
                guard let ob = o.baseAddress else { return }
                causalAttention(
                    ob, capture.sink(layer: 1), q: q, k: k, v: v, qStride: stride, kvStride: stride,
                    tokens: t,
                    heads: heads, kvHeads: kvHeads, headDim: d, rule: rule)
            }
            reference.withUnsafeMutableBufferPointer { o in
                probs.withUnsafeMutableBufferPointer { pr in
                    guard let ob = o.baseAddress, let pb = pr.baseAddress else { return }
                    causalAttention(
                        ob, pb, q: q, k: k, v: v, qStride: stride, kvStride: stride, tokens: t, heads: heads,
                        kvHeads: kvHeads, headDim: d, rule: rule)
                }
            }
        }
        return (out, reference, probs, capture)
    }

    static let rules: [AttentionRule] = [
        AttentionRule(scale: 0.25), AttentionRule(scale: 0.25, softcap: 5),
        AttentionRule(scale: 0.25, window: 37), AttentionRule(scale: 0.3, softcap: 3, window: 130),
    ]

    @Test(
        "the blocked kernel's output equals the full-matrix kernel's (plain, soft-capped, sliding window)",
        arguments: rules)
    func outputMatchesReference(rule: AttentionRule) {
        let r = Self.run(rule)
        let diff = zip(r.out, r.reference).map { abs($0 - $1) }.max() ?? 1
        #expect(diff <= 1e-5, "max |Δ| \(diff)")
    }

    @Test(
        "recomputed attention rows equal the forward's probabilities to 1e-6 at every query", arguments: rules
    )
    func rowsMatchProbabilities(rule: AttentionRule) {
        let r = Self.run(rule)
        #expect(r.capture.isRecorded(layer: 1) && !r.capture.isRecorded(layer: 0))
        #expect(r.capture.rule(layer: 1) == rule)
        var worst: Float = 0
        for i in 0..<Self.t {
            let rows = r.capture.rows(layer: 1, query: i)  // [H, T]
            for h in 0..<Self.heads {
                for j in 0..<Self.t {
                    worst = max(worst, abs(rows[h * Self.t + j] - r.probs[(h * Self.t + i) * Self.t + j]))
                }
            }
        }
        #expect(worst <= 1e-6, "max |Δ| \(worst)")
        let pattern = r.capture.pattern(layer: 1)
        let patternDiff = zip(pattern, r.probs).map { abs($0 - $1) }.max() ?? 1
        #expect(patternDiff <= 1e-6, "pattern max |Δ| \(patternDiff)")
    }

    @Test(
        "per-head values at a position equal that position's attention output before the projection",
        arguments: rules)
    func headValuesMatchOutput(rule: AttentionRule) {
        let r = Self.run(rule)
        for position in [0, 1, 127, 128, 299] {
            let z = r.capture.headValues(layer: 1, position: position)
            let row = Array(
                r.reference[(position * Self.heads * Self.d)..<((position + 1) * Self.heads * Self.d)])
            let diff = zip(z, row).map { abs($0 - $1) }.max() ?? 1
            #expect(z.count == Self.heads * Self.d && diff <= 1e-5, "position \(position) max |Δ| \(diff)")
        }
    }

    @Test("rows out of range and blocks not run are empty, not a crash")
    func outOfRange() {
        let r = Self.run(AttentionRule(scale: 1))
        #expect(r.capture.rows(layer: 0, query: 0).isEmpty)
        #expect(r.capture.rows(layer: 1, query: Self.t).isEmpty)
        #expect(r.capture.rows(layer: 5, query: 0).isEmpty)
        #expect(r.capture.headValues(layer: 1, position: -1).isEmpty)
    }
}
