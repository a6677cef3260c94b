import Foundation

/// UMAP's stochastic gradient descent on the 2-D layout (umap-learn's
/// `optimize_layout_euclidean`): each edge is sampled in proportion to its weight, pulled
/// together by the attractive gradient, and pushes `negativeSampleRate` random points away.
/// Gradients are clipped to ±4 and the learning rate falls linearly to 0.
struct UMAPLayout {
    let heads: [Int32]
    let tails: [Int32]
    let epochsPerSample: [Float]
    let epochs: Int
    let a: Float
    let b: Float
    let gamma: Float
    let learningRate: Float
    let negativeSampleRate: Int

    /// Edges of the graph (both directions), dropping weights below max/epochs as umap-learn does.
    init(graph: FuzzySimplicialSet, epochs: Int, a: Float, b: Float, gamma: Float,
         learningRate: Float, negativeSampleRate: Int) {
        let n = graph.count
        let maxWeight = graph.weights.max() ?? 0
        let cutoff = maxWeight / Double(epochs)
        var heads = [Int32]()
        var tails = [Int32]()
        var perSample = [Float]()
        for i in 0 ..< n {
            for j in 0 ..< n {
                let w = graph.weights[i * n + j]
                guard i != j, w > 0, w >= cutoff else { continue }
                heads.append(Int32(i))
                tails.append(Int32(j))
                // n_samples = epochs · w / max; epochs_per_sample = epochs / n_samples.
                perSample.append(Float(maxWeight / w))
            }
        }
        self.heads = heads
        self.tails = tails
        self.epochsPerSample = perSample
        self.epochs = epochs
        self.a = a
        self.b = b
        self.gamma = gamma
        self.learningRate = learningRate
        self.negativeSampleRate = negativeSampleRate
    }

    /// Runs all epochs on `embedding` (`[N, 2]`), in place.
    ///
    /// The hot loop works on raw buffers with a local copy of the generator: captured Swift
    /// arrays would be boxed and checked for exclusive access on every element.
    func optimize(_ embedding: inout [Float], count n: Int, rng: inout SeededGenerator) {
        let edgeCount = heads.count
        guard edgeCount > 0 else { return }
        let rate = Float(max(negativeSampleRate, 0))
        let perSample = UnsafeMutableBufferPointer<Float>.allocate(capacity: edgeCount)
        let perNegative = UnsafeMutableBufferPointer<Float>.allocate(capacity: edgeCount)
        let nextSample = UnsafeMutableBufferPointer<Float>.allocate(capacity: edgeCount)
        let nextNegative = UnsafeMutableBufferPointer<Float>.allocate(capacity: edgeCount)
        let headIndex = UnsafeMutableBufferPointer<Int>.allocate(capacity: edgeCount)
        let tailIndex = UnsafeMutableBufferPointer<Int>.allocate(capacity: edgeCount)
        defer {
            for buffer in [perSample, perNegative, nextSample, nextNegative] { buffer.deallocate() }
            headIndex.deallocate()
            tailIndex.deallocate()
        }
        for i in 0 ..< edgeCount {
            perSample[i] = epochsPerSample[i]
            perNegative[i] = rate > 0 ? epochsPerSample[i] / rate : Float.infinity
            nextSample[i] = perSample[i]
            nextNegative[i] = perNegative[i]
            headIndex[i] = Int(heads[i]) * 2
            tailIndex[i] = Int(tails[i]) * 2
        }
        let table = UMAPGradientTable(a: a, b: b, gamma: gamma)
        let state = EdgeState(perSample: perSample, perNegative: perNegative, nextSample: nextSample,
                              nextNegative: nextNegative, heads: headIndex, tails: tailIndex)
        table.attractive.withUnsafeBufferPointer { attractive in
            table.repulsive.withUnsafeBufferPointer { repulsive in
                embedding.withUnsafeMutableBufferPointer { e in
                    runEpochs(e, count: n, state: state, attractive: attractive, repulsive: repulsive,
                              rate: rate, rng: &rng)
                }
            }
        }
    }

    /// Per-edge buffers of the hot loop (`[edges]` each; heads/tails are point index × 2).
    private struct EdgeState {
        let perSample: UnsafeMutableBufferPointer<Float>
        let perNegative: UnsafeMutableBufferPointer<Float>
        let nextSample: UnsafeMutableBufferPointer<Float>
        let nextNegative: UnsafeMutableBufferPointer<Float>
        let heads: UnsafeMutableBufferPointer<Int>
        let tails: UnsafeMutableBufferPointer<Int>
    }

    private func runEpochs(_ e: UnsafeMutableBufferPointer<Float>, count n: Int, state: EdgeState,
                           attractive: UnsafeBufferPointer<Float>, repulsive: UnsafeBufferPointer<Float>,
                           rate: Float, rng: inout SeededGenerator) {
        var generator = rng
        let (a, b, gamma, epochs) = (self.a, self.b, self.gamma, self.epochs)
        for epoch in 0 ..< epochs {
            let alpha = learningRate * (1 - Float(epoch) / Float(epochs))
            let now = Float(epoch)
            for edge in 0 ..< state.heads.count where state.nextSample[edge] <= now {
                let j = state.heads[edge]
                let k = state.tails[edge]
                // The head point stays in registers until the edge is done (it is never its own
                // negative sample), which avoids store-to-load stalls on the 2-float rows.
                var cx = e[j]
                var cy = e[j + 1]
                var dx = cx - e[k]
                var dy = cy - e[k + 1]
                var d2 = dx * dx + dy * dy
                if d2 > 0 {
                    let coeff = UMAPGradientTable.lookup(attractive, d2)
                        ?? UMAPGradientTable.exactAttractive(d2, a: a, b: b)
                    let gx = clip(coeff * dx) * alpha
                    let gy = clip(coeff * dy) * alpha
                    cx += gx
                    cy += gy
                    e[k] -= gx
                    e[k + 1] -= gy
                }
                state.nextSample[edge] += state.perSample[edge]
                let negatives = rate > 0
                    ? Int((now - state.nextNegative[edge]) / state.perNegative[edge]) : 0
                if negatives > 0 {
                    for _ in 0 ..< negatives {
                        let other = generator.nextInt(below: n) * 2
                        if other == j { continue }
                        dx = cx - e[other]
                        dy = cy - e[other + 1]
                        d2 = dx * dx + dy * dy
                        guard d2 > 0 else { continue }
                        let coeff = UMAPGradientTable.lookup(repulsive, d2)
                            ?? UMAPGradientTable.exactRepulsive(d2, a: a, b: b, gamma: gamma)
                        cx += clip(coeff * dx) * alpha
                        cy += clip(coeff * dy) * alpha
                    }
                    state.nextNegative[edge] += Float(negatives) * state.perNegative[edge]
                }
                e[j] = cx
                e[j + 1] = cy
            }
        }
        rng = generator
    }

    /// Clamps a gradient component to [−4, 4] (umap-learn's `clip`); two compares compile to
    /// minss/maxss, where `min(max(…))` with its NaN rules costs several more instructions.
    @inline(__always)
    private func clip(_ v: Float) -> Float {
        let low = v < -4 ? -4 : v
        return low > 4 ? 4 : low
    }
}
