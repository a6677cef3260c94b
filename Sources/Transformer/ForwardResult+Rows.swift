import TensorCore

extension ForwardResult {
    /// L, the number of blocks the run went through.
    public var layers: Int { resid.shape[0] - 1 }
    /// T, the number of tokens.
    public var tokens: Int { resid.shape[1] }
    /// D, the residual width.
    public var width: Int { resid.shape[2] }

    /// The residual stream at one position for every layer, `[L+1, D]`: the rows whose lens is one
    /// product `lens(rows:)` for the whole layer axis of the logit lens at that position.
    public func residualRows(at position: Int) -> Tensor {
        let (l, t, d) = (layers, tokens, width)
        let p = min(max(position, 0), t - 1)
        var rows = [Float]()
        rows.reserveCapacity((l + 1) * d)
        let all = resid.buffer
        for layer in 0...l {
            let start = (layer * t + p) * d
            rows += all[start..<(start + d)]
        }
        return Tensor(shape: [l + 1, d], values: rows)
    }

    /// Every residual row, `[(L+1)·T, D]` (row `l·T + t`), sharing the result's storage.
    public var allResidualRows: Tensor {
        Tensor(shape: [(layers + 1) * tokens, width], storage: resid.storage)
    }
}
