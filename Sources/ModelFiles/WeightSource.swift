import TensorCore

/// Storage type of a tensor in a file, as the file declares it.
public enum DType: String, Sendable, Equatable, CaseIterable {
    case f32 = "F32", f16 = "F16", bf16 = "BF16"
    case q8_0 = "Q8_0", q4_0 = "Q4_0", q4_1 = "Q4_1", q5_0 = "Q5_0", q5_1 = "Q5_1"
    case q4_K = "Q4_K", q5_K = "Q5_K", q6_K = "Q6_K"
    case i32 = "I32", i64 = "I64"
}

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
