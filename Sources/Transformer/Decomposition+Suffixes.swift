import TensorCore

extension DecompositionParts {
    public func continueSuffixes(
        from: Int, inputs: Tensor, starts: [Int], base: AttentionCapture, isCancelled: () -> Bool
    ) throws -> Tensor {
        let (d, layers) = (info.width, info.layers)
        guard from >= 0, from <= layers else {
            throw TransformerError.layerOutOfRange(layer: from, layers: layers)
        }
        // T is the base run's; every block still to run must be recorded with this model's sizes.
        guard let t = base.shape(layer: 0)?.tokens, t <= info.contextLength,
            let rows = SuffixRows(tokens: t, starts: starts, base: base),
            inputs.shape == [rows.count, d], let x = inputs.buffer.baseAddress,
            (from..<layers).allSatisfy({ rows.baseCovers(layer: $0, kvHeads: info.kvHeads, headDim: headWidth) }
            )
        else { throw TransformerError.lensShapeMismatch(expectedWidth: d, found: inputs.shape) }
        let size = rows.count * d
        var current = FloatBuffer(size)
        var next = FloatBuffer(size)
        current.p.update(from: x, count: size)
        if from < layers {
            // Sized for the rows, and for T positions (RoPE tables).
            let w = makeWorkspace(tokens: max(rows.count, t))
            let mid = FloatBuffer(size)
            for layer in from..<layers {
                if isCancelled() { throw TransformerError.cancelled(afterLayer: layer) }
                runBlock(
                    layer, x: current.p, tokens: rows.count, mid: mid.p, out: next.p,
                    attention: AttentionSink(capture: nil, layer: layer, suffixes: rows), workspace: w)
                swap(&current, &next)
            }
        }
        var out = [Float](repeating: 0, count: starts.count * d)
        for i in starts.indices {
            let row = current.p + rows.lastRow(of: i) * d
            for j in 0..<d { out[i * d + j] = row[j] }
        }
        return Tensor(shape: [starts.count, d], values: out)
    }
}
