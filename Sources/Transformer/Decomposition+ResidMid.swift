import TensorCore

extension DecompositionParts {
    public func residMidRows(of run: ForwardResult, position: Int) throws -> Tensor {
        let (layers, t, d) = (run.layers, run.tokens, run.width)
        guard layers == info.layers, d == info.width, t >= 1 else {
            throw TransformerError.lensShapeMismatch(expectedWidth: info.width, found: run.resid.shape)
        }
        guard position >= 0, position < t else {
            throw TransformerError.positionOutOfRange(position: position, tokens: t)
        }
        var rows = [Float](repeating: 0, count: layers * d)
        if let kept = run.residMid {
            for l in 0..<layers {
                let start = (l * t + position) * d
                rows.replaceSubrange((l * d)..<((l + 1) * d), with: kept.buffer[start..<(start + d)])
            }
            return Tensor(shape: [layers, d], values: rows)
        }
        // One row per block: the block's input at `position` from the kept stream, attending to the run's
        // own keys and values before it (a variant holding only that position).
        guard let suffix = SuffixRows(tokens: t, starts: [position], ends: [position + 1], base: run.attention),
            (0..<layers).allSatisfy({ suffix.baseCovers(layer: $0, kvHeads: info.kvHeads, headDim: headWidth) })
        else { throw TransformerError.lensShapeMismatch(expectedWidth: d, found: run.resid.shape) }
        let workspace = makeWorkspace(tokens: t)
        let (mid, out) = (FloatBuffer(d), FloatBuffer(d))
        for l in 0..<layers {
            let start = (l * t + position) * d
            guard let x = run.resid.buffer.baseAddress?.advanced(by: start) else { break }
            runBlock(
                l, x: x, tokens: 1, mid: mid.p, out: out.p,
                attention: AttentionSink(capture: nil, layer: l, suffixes: suffix), workspace: workspace)
            for j in 0..<d { rows[l * d + j] = mid.p[j] }
        }
        return Tensor(shape: [layers, d], values: rows)
    }
}
