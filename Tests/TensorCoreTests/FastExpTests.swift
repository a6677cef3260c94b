import Foundation
import Testing
import TensorCore

@Suite("FastExp")
struct FastExpTests {
    @Test("fastExp is within 2 ulp-ish (relative 3e-7) of exp over the range log-softmax uses")
    func accuracy() {
        var worst: Double = 0
        var x: Float = -87
        while x <= 10 {
            let got = Double(fastExp(SIMD8(repeating: x))[0])
            let want = Foundation.exp(Double(x))
            worst = max(worst, abs(got - want) / want)
            x += 0.013
        }
        #expect(worst < 3e-7)
        #expect(fastExp(SIMD8(repeating: -200))[0] < 1e-37)
    }

    @Test("logSumExp of a vocabulary-sized row matches a Double reference, skipping NaN and −∞")
    func logSumExpReference() {
        var generator = SystemRandomNumberGenerator()
        var row = (0..<49_157).map { _ in Float.random(in: -30...25, using: &generator) }
        row[7] = -.infinity
        row[11] = .nan
        let m = Double(row.filter { !$0.isNaN }.max() ?? 0)
        let sum = row.filter { !$0.isNaN }.reduce(0.0) { $0 + Foundation.exp(Double($1) - m) }
        let want = m + Foundation.log(sum)
        let got = row.withUnsafeBufferPointer { logSumExp($0.baseAddress!, count: $0.count) }
        #expect(abs(Double(got.value) - want) < 1e-5)
        #expect(Double(got.max) == m)
    }
}
