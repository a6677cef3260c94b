/// A dense, row-major Float32 tensor: the one numeric value type the core passes around.
///
/// Quantized and half-precision weights are converted to Float32 when loaded; F32 weights in a
/// memory-mapped file are viewed in place (see `FloatStorage`).
public struct Tensor: Sendable {
    /// Dimensions, outermost first (numpy order): a Linear weight is `[out, in]`.
    public let shape: [Int]
    public let storage: FloatStorage

    public init(shape: [Int], storage: FloatStorage) {
        precondition(shape.reduce(1, *) == storage.buffer.count, "shape does not match storage")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor that owns a copy of `values`.
    public init(shape: [Int], values: [Float]) {
        self.init(shape: shape, storage: FloatStorage(values))
    }

    /// Number of elements.
    public var count: Int { storage.buffer.count }

    /// The values as a buffer (valid while this tensor is alive).
    public var buffer: UnsafeBufferPointer<Float> { storage.buffer }

    /// A copy of the values as an array (for tests and small tensors).
    public var values: [Float] { Array(storage.buffer) }
}
