import Foundation
import ModelFiles
import TensorCore

/// A checkpoint with the tensor names and shapes a real model has, filled with small pseudo-random
/// values: every tensor is a view at its own offset into one shared pool, so a 24-layer model costs
/// no more memory than its largest tensor.
final class RandomWeights: WeightSource, @unchecked Sendable {
    let shapes: [String: [Int]]
    let tensorNames: [String]
    private let pool: FloatStorage

    /// - Parameter shapes: name → shape (outermost first), as the real checkpoint's index lists them
    init(_ shapes: [(String, [Int])]) {
        self.shapes = Dictionary(shapes, uniquingKeysWith: { a, _ in a })
        tensorNames = shapes.map(\.0)
        let largest = shapes.map { $0.1.reduce(1, *) }.max() ?? 1
        let count = largest + 4096
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        pool = FloatStorage(count: count) { out in
            // One block of uniform values in [-0.05, 0.05), repeated: fast to fill even in debug builds.
            let block = min(count, 1 << 16)
            for i in 0..<block {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                out[i] = (Float(state >> 40) / Float(1 << 24) - 0.5) * 0.1
            }
            var filled = block
            while filled < count, let base = out.baseAddress {
                let n = min(block, count - filled)
                (base + filled).update(from: base, count: n)
                filled += n
            }
        }
    }

    func info(_ name: String) -> TensorInfo? {
        shapes[name].map { TensorInfo(name: name, shape: $0, dtype: .f32) }
    }

    func tensor(_ name: String) throws -> Tensor {
        guard let shape = shapes[name] else {
            throw ModelFilesError.missingTensor(name: name, file: "random")
        }
        // A different start per name (so tied and untied matrices differ), within the 4096 spare values.
        let offset = abs(name.utf8.reduce(7) { $0 &* 31 &+ Int($1) }) % 4096
        let view = UnsafeBufferPointer(rebasing: pool.buffer[offset..<(offset + shape.reduce(1, *))])
        return Tensor(shape: shape, storage: FloatStorage(borrowing: view, owner: pool))
    }
}
