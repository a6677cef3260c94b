import TensorCore

extension DecompositionParts {
    public func continueSuffixes(
        from entries: [Int], inputs: Tensor, starts: [Int], base: AttentionCapture, isCancelled: () -> Bool
    ) throws -> Tensor {
        let (d, layers) = (info.width, info.layers)
        if let bad = entries.first(where: { $0 < 0 || $0 > layers }) {
            throw TransformerError.layerOutOfRange(layer: bad, layers: layers)
        }
        let first = entries.min() ?? layers
        // T is the base run's; every block still to run must be recorded with this model's sizes.
        guard entries.count == starts.count, let t = base.shape(layer: 0)?.tokens, t <= info.contextLength,
            let all = SuffixRows(tokens: t, starts: starts, base: base),
            inputs.shape == [all.count, d], let x = inputs.buffer.baseAddress,
            (first..<layers).allSatisfy({ all.baseCovers(layer: $0, kvHeads: info.kvHeads, headDim: headWidth) })
        else { throw TransformerError.lensShapeMismatch(expectedWidth: d, found: inputs.shape) }
        // The variants run so far, in the order they joined, their rows one after another in `current`.
        var order: [Int] = []
        var rows: SuffixRows?
        var current = FloatBuffer(all.count * d)
        var next = FloatBuffer(all.count * d)
        func join(at layer: Int) {
            var row = rows?.count ?? 0
            for i in entries.indices where entries[i] == layer {
                let count = t - starts[i]
                (current.p + row * d).update(from: x + all.offsets[i] * d, count: count * d)
                row += count
                order.append(i)
            }
            if row != rows?.count { rows = SuffixRows(tokens: t, starts: order.map { starts[$0] }, base: base) }
        }
        if first < layers {
            // Sized for every row, and for T positions (RoPE tables).
            let w = makeWorkspace(tokens: max(all.count, t))
            let mid = FloatBuffer(all.count * d)
            for layer in first..<layers {
                if isCancelled() { throw TransformerError.cancelled(afterLayer: layer) }
                join(at: layer)
                guard let rows else { continue }
                runBlock(
                    layer, x: current.p, tokens: rows.count, mid: mid.p, out: next.p,
                    attention: AttentionSink(capture: nil, layer: layer, suffixes: rows), workspace: w)
                swap(&current, &next)
            }
        }
        // Variants entering after the last block run none: their input is their output.
        join(at: layers)
        guard let rows else { throw TransformerError.lensShapeMismatch(expectedWidth: d, found: inputs.shape) }
        // Each variant's last row (position T−1), in the callers' order.
        var out = [Float](repeating: 0, count: starts.count * d)
        for (k, i) in order.enumerated() {
            let last = current.p + rows.lastRow(of: k) * d
            for j in 0..<d { out[i * d + j] = last[j] }
        }
        return Tensor(shape: [starts.count, d], values: out)
    }
}
