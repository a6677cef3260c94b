import TensorCore

/// A loaded weight tensor together with the address of its first value.
///
/// Kernels take raw pointers; resolving the address once at load (where an empty tensor is a
/// load error) keeps optional unwrapping out of the forward pass. The pointer stays valid because
/// the struct keeps the tensor's storage alive, and the values are never written: sharing is safe.
struct Weight: @unchecked Sendable {
    let tensor: Tensor
    let p: UnsafePointer<Float>

    init(_ tensor: Tensor, name: String) throws {
        guard let base = tensor.buffer.baseAddress, tensor.count > 0 else {
            throw TransformerError.tensorShapeMismatch(name: name, expected: [1], found: tensor.shape)
        }
        self.tensor = tensor
        self.p = base
    }

    var shape: [Int] { tensor.shape }

    /// Rows `start ..< start + count` of a `[rows, cols]` weight, sharing its memory (e.g. q, k and v
    /// of a fused `qkv_proj`).
    func rows(_ start: Int, _ count: Int, name: String) throws -> Weight {
        let cols = shape.last ?? 1
        guard start >= 0, count > 0, (start + count) * cols <= tensor.count else {
            throw TransformerError.tensorShapeMismatch(
                name: name, expected: [start + count, cols], found: shape)
        }
        let view = UnsafeBufferPointer(start: p + start * cols, count: count * cols)
        return try Weight(
            Tensor(shape: [count, cols], storage: FloatStorage(borrowing: view, owner: tensor.storage)),
            name: name)
    }

    /// `1 + w` in float32: Gemma's RMSNorm gain as Hugging Face stores it (GGUF already holds `1 + w`).
    func plusOne(name: String) throws -> Weight {
        let values = tensor.buffer.map { 1 + $0 }
        return try Weight(Tensor(shape: shape, values: values), name: name)
    }
}

/// Owned scratch memory for one forward pass, freed when the pass ends.
final class FloatBuffer {
    let p: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = count
        p = LargeMemory.zeroed(count)
    }

    deinit { LargeMemory.release(p) }
}

/// `out[i] = a[i] + b[i]`; `out` may alias either input.
func addVectors(
    _ out: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int
) {
    for i in 0..<count { out[i] = a[i] + b[i] }
}
