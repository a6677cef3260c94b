import TensorCore
import Transformer

/// The residual stream of a run at every position, after each block and after each block's attention.
///
/// The depth views (lens grid after attention, direct logit attribution, activation patching) read it
/// after the forward pass. It views the forward pass's own tensors (no copy: at 2,048 tokens of SmolLM2 a
/// copy was 290 MB on top of the run). Legend: L layers, T tokens, D width.
public struct ResidualCapture: Sendable {
    public let tokens: Int
    public let width: Int
    /// `resid[0…L]`, `[L+1, T, D]` flattened: embedding, then each block's output.
    public let post: FloatValues
    /// `resid_mid[1…L]`, `[L, T, D]` flattened: block input + attention output, before the MLP
    /// (parallel-residual families: input + attention only). Nil for a prompt over
    /// `ForwardResult.residMidTokenLimit`, whose run keeps no `resid_mid`.
    public let mid: FloatValues?
    /// `resid_mid[1…L]` at one position, `[L][D]`, for a run that keeps none (recomputed or read during
    /// the pass).
    let midAtPosition: (position: Int, rows: [[Float]])?

    /// The residual stream a forward pass returned: `resid` and `resid_mid`, with the rows of one position
    /// when the run kept no `resid_mid`.
    public init(forward result: ForwardResult, midRows: (position: Int, rows: [[Float]])? = nil) {
        tokens = result.tokens
        width = result.width
        post = FloatValues(result.resid)
        mid = result.residMid.map(FloatValues.init)
        midAtPosition = midRows
    }

    /// Number of blocks recorded (layers 1…blocks).
    public var blocks: Int { max(0, post.count / max(1, tokens * width) - 1) }

    /// `resid[layer][position]`, `[D]`; layer 0 is the embedding.
    public func postRow(layer: Int, position: Int) -> [Float] {
        let start = (layer * tokens + position) * width
        return Array(post[start..<(start + width)])
    }

    /// `resid_mid[layer][position]`, `[D]`, for a block layer = 1…L; empty when the run kept no
    /// `resid_mid` and this is not the position whose rows were given.
    public func midRow(layer: Int, position: Int) -> [Float] {
        if let mid {
            let start = ((layer - 1) * tokens + position) * width
            return Array(mid[start..<(start + width)])
        }
        guard let given = midAtPosition, given.position == position, given.rows.indices.contains(layer - 1)
        else { return [] }
        return given.rows[layer - 1]
    }

    /// `resid[layer]` at every position, `[T, D]`.
    public func postPlane(layer: Int) -> Tensor {
        let start = layer * tokens * width
        return Tensor(shape: [tokens, width], values: Array(post[start..<(start + tokens * width)]))
    }
}

/// A tensor's values as a read-only collection, sharing its memory (slices and `Array(…)` work as on an
/// array). Immutable, and the tensor it keeps alive is never written after the forward pass.
public struct FloatValues: RandomAccessCollection, @unchecked Sendable {
    private let owner: Tensor
    private let values: UnsafeBufferPointer<Float>

    public init(_ tensor: Tensor) {
        owner = tensor
        values = tensor.buffer
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }
    public subscript(position: Int) -> Float { values[position] }
}
