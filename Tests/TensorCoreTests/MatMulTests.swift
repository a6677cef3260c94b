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

    @Test("OpenBLAS reports its configuration and core")
    func blasInfo() {
        #expect(BLASInfo.config.contains("OpenBLAS"))
        #expect(!BLASInfo.coreName.isEmpty)
    }
}
