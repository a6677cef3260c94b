import TensorCore

/// What a file says about one tensor, before any of its data is read.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    /// Dimensions outermost first (numpy order), also for GGUF (whose files list them innermost first).
    public let shape: [Int]
    public let dtype: DType

    public init(name: String, shape: [Int], dtype: DType) {
        self.name = name
        self.shape = shape
        self.dtype = dtype
    }
}

/// The one seam between model families and weight files (safetensors, GGUF, PyTorch zip).
///
/// Every tensor comes out as Float32: half-precision and quantized tensors are converted on
/// request; F32 tensors of a mapped file are viewed in place.
public protocol WeightSource: Sendable {
    /// Names of every tensor, in file order.
    var tensorNames: [String] { get }
    /// Shape and dtype of a tensor, or nil when the file has no tensor of that name.
    func info(_ name: String) -> TensorInfo?
    /// The tensor's values as Float32.
    /// - Throws: `ModelFilesError.missingTensor` and the format's own errors.
    func tensor(_ name: String) throws -> Tensor
}
