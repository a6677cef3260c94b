import Testing
import TensorCore

@Suite("MatMul")
struct MatMulTests {
    @Test("linear through cblas_sgemm matches a hand-computed 2×3 · 3×2 product with bias")
    func sgemmByHand() {
        // x = [[1,2,3],[4,5,6]], w (stored [out, in]) = [[1,0,-1],[2,1,0]], bias = [10, 20]
        let x: [Float] = [1, 2, 3, 4, 5, 6]
        let w: [Float] = [1, 0, -1, 2, 1, 0]
        let bias: [Float] = [10, 20]
        var out = [Float](repeating: .nan, count: 4)
        out.withUnsafeMutableBufferPointer { o in
            MatMul.linear(o.baseAddress!, x, w, bias: bias, m: 2, k: 3, n: 2)
        }
        // row 0: 1-3+10 = 8, 2+2+20 = 24; row 1: 4-6+10 = 8, 8+5+20 = 33
        #expect(out == [8, 24, 8, 33])
    }

    @Test("one-row linear goes through sgemv and agrees with the hand result")
    func sgemvByHand() {
        let x: [Float] = [1, 2, 3]
        let w: [Float] = [1, 0, -1, 2, 1, 0]
        var out = [Float](repeating: .nan, count: 2)
        out.withUnsafeMutableBufferPointer { o in MatMul.linear(o.baseAddress!, x, w, m: 1, k: 3, n: 2) }
        #expect(out == [-2, 4])
    }

    @Test("product a·b matches the hand result for one and several rows")
    func productByHand() {
        let a: [Float] = [1, 2, 3, 4]  // [2, 2]
        let b: [Float] = [5, 6, 7, 8]  // [2, 2]
        var out = [Float](repeating: .nan, count: 4)
        out.withUnsafeMutableBufferPointer { o in MatMul.product(o.baseAddress!, a, b, m: 2, k: 2, n: 2) }
        #expect(out == [19, 22, 43, 50])
        var row = [Float](repeating: .nan, count: 2)
        row.withUnsafeMutableBufferPointer { o in MatMul.product(o.baseAddress!, a, b, m: 1, k: 2, n: 2) }
        #expect(row == [19, 22])
    }

    @Test(
        "a product large enough to be split over the cores (by rows, by columns, one row) equals a plain sum",
        arguments: [(512, 64, 96), (3, 128, 8_192), (1, 256, 16_384)])
    func splitProducts(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        #expect(m * k * n >= 1 << 21)  // above the split threshold
        let x = (0..<(m * k)).map { Float(($0 * 7) % 13) / 13 - 0.5 }
        let w = (0..<(n * k)).map { Float(($0 * 5) % 11) / 11 - 0.5 }
        let bias = (0..<n).map { Float($0 % 17) }
        var out = [Float](repeating: .nan, count: m * n)
        out.withUnsafeMutableBufferPointer { o in
            MatMul.linear(o.baseAddress!, x, w, bias: bias, m: m, k: k, n: n)
        }
        var worst: Float = 0
        for r in 0..<m {
            for c in stride(from: 0, to: n, by: max(1, n / 97)) {
                var s = Double(bias[c])
                for i in 0..<k { s += Double(x[r * k + i]) * Double(w[c * k + i]) }
                worst = max(worst, abs(out[r * n + c] - Float(s)))
            }
        }
        #expect(worst <= 1e-3, "max |Δ| \(worst)")
        #expect(!out.contains { $0.isNaN })
    }

    @Test("OpenBLAS reports its configuration and core")
    func blasInfo() {
        #expect(BLASInfo.config.contains("OpenBLAS"))
        #expect(!BLASInfo.coreName.isEmpty)
    }
}
