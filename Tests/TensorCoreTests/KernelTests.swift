import Foundation
import TensorCore
import Testing

/// Runs `body` on a mutable copy of `values` and returns the result.
func mutated(_ values: [Float], _ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    var v = values
    v.withUnsafeMutableBufferPointer { if let p = $0.baseAddress { body(p) } }
    return v
}

func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol }
}

@Suite("Kernels")
struct KernelTests {
    @Test("layer norm of [1,2,3,4] gives (x − 2.5)/√1.25 times gain plus bias")
    func layerNormByHand() {
        let out = mutated([1, 2, 3, 4]) { p in
            layerNorm(p, p, weight: [2, 2, 2, 2], bias: [1, 1, 1, 1], rows: 1, dim: 4, eps: 0)
        }
        let s = Float(1.25).squareRoot()
        #expect(close(out, [-1.5, -0.5, 0.5, 1.5].map { 2 * $0 / s + 1 }, 1e-5))
    }

    @Test("RMS norm of [3, 4] divides by √12.5")
    func rmsNormByHand() {
        let out = mutated([3, 4]) { p in rmsNorm(p, p, weight: [1, 2], rows: 1, dim: 2, eps: 0) }
        let r = Float(12.5).squareRoot()
        #expect(close(out, [3 / r, 8 / r], 1e-6))
    }

    @Test("gelu_new, ReLU and SiLU at known points")
    func activations() {
        // gelu_new(1) = 0.5·(1 + tanh(√(2/π)·1.044715)) = 0.8411920; gelu_new(−1) = −0.1588080
        #expect(close(mutated([0, 1, -1]) { geluTanh($0, count: 3) }, [0, 0.841192, -0.158808], 1e-6))
        #expect(mutated([-2, 0, 3]) { relu($0, count: 3) } == [0, 0, 3])
        #expect(close(mutated([0, 1]) { silu($0, count: 2) }, [0, 0.7310586], 1e-6))
        let g: [Float] = [1]
        let u: [Float] = [2]
        #expect(close(mutated([0]) { swiglu($0, gate: g, up: u, count: 1) }, [1.4621172], 1e-6))
    }

    @Test("softmax of [0, ln 3] is [1/4, 3/4]; a causal row zeroes keys after the query")
    func softmax() {
        let out = mutated([0, Float(log(3.0)), 0, 5]) {
            softmaxRows($0, rows: 2, stride: 2) { $0 == 0 ? 2 : 1 }
        }
        #expect(close(out, [0.25, 0.75, 1, 0]))
        let lp = mutated([0, Float(log(3.0))]) { logSoftmaxRows($0, rows: 1, count: 2) }
        #expect(close(lp, [Float(log(0.25)), Float(log(0.75))], 1e-6))
    }

    @Test("RoPE leaves position 0 alone and rotates position 1 by θ^(−2i/d) on halves")
    func rope() {
        let table = RoPETable(headDim: 4, positions: 2, theta: 100)
        // frequencies 1 and 100^(−1/2) = 0.1; pairs (x0, x2) and (x1, x3)
        let x: [Float] = [1, 2, 3, 4, 1, 0, 0, 1]
        let out = mutated(x) { applyRoPE($0, table: table, tokens: 2, heads: 1, rowStride: 4) }
        #expect(close(Array(out[0..<4]), [1, 2, 3, 4]))
        let expected: [Float] = [
            Float(cos(1.0)), -Float(sin(0.1)), Float(sin(1.0)), Float(cos(0.1)),
        ]
        #expect(close(Array(out[4..<8]), expected, 1e-6))
    }

    @Test("un-permuting GGUF Q/K rows inverts llama.cpp's reshape(n_head, 2, d/2, in).swapaxes(1, 2)")
    func unpermute() {
        let (heads, d, cols) = (2, 4, 3)
        let hf = (0..<(heads * d * cols)).map(Float.init)
        // llama.cpp: GGUF row h·d + 2i + j = HF row h·d + j·d/2 + i
        var gguf = [Float](repeating: 0, count: hf.count)
        for h in 0..<heads {
            for i in 0..<(d / 2) {
                for j in 0..<2 {
                    for c in 0..<cols {
                        gguf[(h * d + 2 * i + j) * cols + c] = hf[(h * d + j * d / 2 + i) * cols + c]
                    }
                }
            }
        }
        let back = mutated(Array(repeating: 0, count: hf.count)) {
            unpermuteRoPERows($0, gguf, heads: heads, headDim: d, cols: cols)
        }
        #expect(back == hf)
    }

    @Test("causal attention by hand: two tokens, two query heads sharing one key/value head")
    func attention() {
        // q rows [T, 2 heads · d=1], k/v [T, 1]
        let q: [Float] = [1, 0, 1, 0]
        let k: [Float] = [0, Float(log(3.0))]
        let v: [Float] = [10, 20]
        var out = [Float](repeating: 0, count: 4)
        var probs = [Float](repeating: 0, count: 8)
        out.withUnsafeMutableBufferPointer { o in
            probs.withUnsafeMutableBufferPointer { p in
                if let ob = o.baseAddress, let pb = p.baseAddress {
                    causalAttention(
                        ob, pb, q: q, k: k, v: v, qStride: 2, kvStride: 1, tokens: 2, heads: 2, kvHeads: 1,
                        headDim: 1, scale: 1)
                }
            }
        }
        // head 0, query 1: scores [0, ln 3] → [1/4, 3/4]; head 1: scores 0 → uniform.
        #expect(close(probs, [1, 0, 0.25, 0.75, 1, 0, 0.5, 0.5]))
        #expect(close(out, [10, 10, 17.5, 15], 1e-5))
    }
}
