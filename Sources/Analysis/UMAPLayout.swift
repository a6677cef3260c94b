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

        /// Schedules the edge's next sample and returns how many negative samples are due now.
        @inline(__always)
        func advance(_ edge: Int, now: Float, rate: Float) -> Int {
            nextSample[edge] += perSample[edge]
            guard rate > 0 else { return 0 }
            let negatives = Int((now - nextNegative[edge]) / perNegative[edge])
            if negatives > 0 { nextNegative[edge] += Float(negatives) * perNegative[edge] }
            return max(negatives, 0)
        }
    }

    /// All epochs. The edge list is split into two halves walked in lockstep, one sample of
    /// each half at a time: every sample is a long chain of dependent float operations (about
    /// 50 cycles), and two independent chains let the CPU overlap them. Points are read and
    /// written through memory at every step, so no update is lost; only the order in which the
    /// two halves' samples interleave differs from a single pass (umap-learn's parallel mode
    /// reorders far more). Deterministic for a seed: one generator, drawn in a fixed order.
    private func runEpochs(_ e: UnsafeMutableBufferPointer<Float>, count n: Int, state: EdgeState,
                           attractive: UnsafeBufferPointer<Float>, repulsive: UnsafeBufferPointer<Float>,
                           rate: Float, rng: inout SeededGenerator) {
        guard let p = e.baseAddress else { return }
        var generator = rng
        let kernel = Kernel(a: a, b: b, gamma: gamma, attractive: attractive, repulsive: repulsive)
        let edgeCount = state.heads.count
        let half = (edgeCount + 1) / 2
        for epoch in 0 ..< epochs {
            let alpha = learningRate * (1 - Float(epoch) / Float(epochs))
            let now = Float(epoch)
            var first = 0
            var second = half
            while true {
                while first < half && state.nextSample[first] > now { first += 1 }
                while second < edgeCount && state.nextSample[second] > now { second += 1 }
                let hasFirst = first < half
                let hasSecond = second < edgeCount
                if !hasFirst && !hasSecond { break }
                var firstNegatives = 0
                var secondNegatives = 0
                if hasFirst {
                    kernel.attract(p, state.heads[first], state.tails[first], alpha: alpha)
                    firstNegatives = state.advance(first, now: now, rate: rate)
                }
                if hasSecond {
                    kernel.attract(p, state.heads[second], state.tails[second], alpha: alpha)
                    secondNegatives = state.advance(second, now: now, rate: rate)
                }
                let firstHead = hasFirst ? state.heads[first] : 0
                let secondHead = hasSecond ? state.heads[second] : 0
                if hasFirst && hasSecond && firstHead == secondHead {
                    // Both halves move the same point: one after the other, through memory.
                    for _ in 0 ..< firstNegatives + secondNegatives {
                        let other = generator.nextInt(below: n) * 2
                        if other != firstHead { kernel.repel(p, firstHead, other, alpha: alpha) }
                    }
                } else if firstNegatives > 0 || secondNegatives > 0 {
                    // Each head stays in registers (only its own repulsion moves it) and is
                    // stored after every step so the other half's samples read it current.
                    var firstPoint = (p[firstHead], p[firstHead + 1])
                    var secondPoint = (p[secondHead], p[secondHead + 1])
                    for step in 0 ..< max(firstNegatives, secondNegatives) {
                        if step < firstNegatives {
                            let other = generator.nextInt(below: n) * 2
                            if other != firstHead {
                                firstPoint = kernel.repelled(firstPoint, from: p, other, alpha: alpha)
                                p[firstHead] = firstPoint.0
                                p[firstHead + 1] = firstPoint.1
                            }
                        }
                        if step < secondNegatives {
                            let other = generator.nextInt(below: n) * 2
                            if other != secondHead {
                                secondPoint = kernel.repelled(secondPoint, from: p, other, alpha: alpha)
                                p[secondHead] = secondPoint.0
                                p[secondHead + 1] = secondPoint.1
                            }
                        }
                    }
                }
                first += 1
                second += 1
            }
        }
        rng = generator
    }

    /// The two gradient steps of one sample on the `[N, 2]` layout (indices are point × 2).
    private struct Kernel {
        let a: Float
        let b: Float
        let gamma: Float
        let attractive: UnsafeBufferPointer<Float>
        let repulsive: UnsafeBufferPointer<Float>

        /// Pulls head j and tail k together.
        @inline(__always)
        func attract(_ e: UnsafeMutablePointer<Float>, _ j: Int, _ k: Int, alpha: Float) {
            let dx = e[j] - e[k]
            let dy = e[j + 1] - e[k + 1]
            let d2 = dx * dx + dy * dy
            guard d2 > 0 else { return }
            let coeff = UMAPGradientTable.lookup(attractive, d2)
                ?? UMAPGradientTable.exactAttractive(d2, a: a, b: b)
            let gx = clip(coeff * dx) * alpha
            let gy = clip(coeff * dy) * alpha
            e[j] += gx
            e[j + 1] += gy
            e[k] -= gx
            e[k + 1] -= gy
        }

        /// Pushes head j away from negative sample `other` (only j moves).
        @inline(__always)
        func repel(_ e: UnsafeMutablePointer<Float>, _ j: Int, _ other: Int, alpha: Float) {
            let moved = repelled((e[j], e[j + 1]), from: e, other, alpha: alpha)
            e[j] = moved.0
            e[j + 1] = moved.1
        }

        /// `point` after being pushed away from negative sample `other`.
        @inline(__always)
        func repelled(_ point: (Float, Float), from e: UnsafeMutablePointer<Float>, _ other: Int,
                      alpha: Float) -> (Float, Float) {
            let dx = point.0 - e[other]
            let dy = point.1 - e[other + 1]
            let d2 = dx * dx + dy * dy
            guard d2 > 0 else { return point }
            let coeff = UMAPGradientTable.lookup(repulsive, d2)
                ?? UMAPGradientTable.exactRepulsive(d2, a: a, b: b, gamma: gamma)
            return (point.0 + clip(coeff * dx) * alpha, point.1 + clip(coeff * dy) * alpha)
        }

        /// Clamps a gradient component to [−4, 4] (umap-learn's `clip`); two compares compile to
        /// minss/maxss, where `min(max(…))` with its NaN rules costs several more instructions.
        @inline(__always)
        private func clip(_ v: Float) -> Float {
            let low = v < -4 ? -4 : v
            return low > 4 ? 4 : low
        }
    }
}
