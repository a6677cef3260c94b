import TensorCore
import Transformer

/// The residual stream of a run at every position, after each block and after each block's attention.
///
/// The depth views (lens grid after attention, direct logit attribution, activation patching) read it
/// after the forward pass. Legend: L layers, T tokens, D width. Memory O(L·T·D).
public struct ResidualCapture: Sendable {
    public let tokens: Int
    public let width: Int
    /// `resid[0…l]` so far, `[l+1, T, D]` flattened: embedding, then each block's output.
    public internal(set) var post: [Float] = []
    /// `resid_mid[1…l]` so far, `[l, T, D]` flattened: block input + attention output, before the MLP
    /// (parallel-residual families: input + attention only).
    public internal(set) var mid: [Float] = []

    public init(tokens: Int, width: Int) {
        self.tokens = tokens
        self.width = width
    }

    /// The residual stream a forward pass returned: `resid` and `resid_mid`.
    public init(forward result: ForwardResult) {
        tokens = result.tokens
        width = result.width
        post = result.resid.values
        mid = result.residMid.values
    }

    /// Number of blocks recorded (layers 1…blocks).
    public var blocks: Int { max(0, post.count / max(1, tokens * width) - 1) }

    /// `resid[layer][position]`, `[D]`; layer 0 is the embedding.
    public func postRow(layer: Int, position: Int) -> [Float] {
        let start = (layer * tokens + position) * width
        return Array(post[start..<(start + width)])
    }

    /// `resid_mid[layer][position]`, `[D]`, for a block layer = 1…L.
    public func midRow(layer: Int, position: Int) -> [Float] {
        let start = ((layer - 1) * tokens + position) * width
        return Array(mid[start..<(start + width)])
    }

    /// `resid[layer]` at every position, `[T, D]`.
    public func postPlane(layer: Int) -> Tensor {
        let start = layer * tokens * width
        return Tensor(shape: [tokens, width], values: Array(post[start..<(start + tokens * width)]))
    }

    /// Appends what a block capture recorded (layer 0: the embedding; l ≥ 1: mid and post).
    mutating func append(post values: [Float], mid midValues: [Float]?) {
        post.append(contentsOf: values)
        if let midValues { mid.append(contentsOf: midValues) }
    }
}
