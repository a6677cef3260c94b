import Testing

@testable import TensorCore

@Suite("Large memory blocks")
struct LargeMemoryTests {
    @Test("zeroed blocks read as zero, small or large, also after the same memory held other values")
    func zeroedIsZero() {
        for count in [1, 1_000, 3 << 20, (5 << 20) + 7] {
            for _ in 0..<3 {
                let p = LargeMemory.zeroed(count)
                #expect(UnsafeBufferPointer(start: p, count: count).allSatisfy { $0 == 0 }, "\(count)")
                // Dirty it before it goes back: the next block may reuse these pages.
                p.update(repeating: 7, count: count)
                LargeMemory.release(p)
            }
        }
    }
}
