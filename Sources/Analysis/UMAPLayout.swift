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
    func optimize(_ embedding: inout [Float], count n: Int, rng: inout SeededGenerator) {
        let edgeCount = heads.count
        guard edgeCount > 0 else { return }
        let rate = Float(max(negativeSampleRate, 0))
        let perNegative = epochsPerSample.map { rate > 0 ? $0 / rate : Float.infinity }
        var nextSample = epochsPerSample
        var nextNegative = perNegative
        let twoAB = 2 * a * b
        let twoGammaB = 2 * gamma * b
        embedding.withUnsafeMutableBufferPointer { e in
            for epoch in 0 ..< epochs {
                let alpha = learningRate * (1 - Float(epoch) / Float(epochs))
                let now = Float(epoch)
                for edge in 0 ..< edgeCount where nextSample[edge] <= now {
                    let j = Int(heads[edge]) * 2
                    let k = Int(tails[edge]) * 2
                    var dx = e[j] - e[k]
                    var dy = e[j + 1] - e[k + 1]
                    var d2 = dx * dx + dy * dy
                    if d2 > 0 {
                        let powB = expf(b * logf(d2))  // d2^b
                        let coeff = -twoAB * (powB / d2) / (a * powB + 1)
                        let gx = clip(coeff * dx) * alpha
                        let gy = clip(coeff * dy) * alpha
                        e[j] += gx
                        e[j + 1] += gy
                        e[k] -= gx
                        e[k + 1] -= gy
                    }
                    nextSample[edge] += epochsPerSample[edge]
                    guard rate > 0 else { continue }
                    let negatives = Int((now - nextNegative[edge]) / perNegative[edge])
                    if negatives > 0 {
                        for _ in 0 ..< negatives {
                            let other = rng.nextInt(below: n) * 2
                            if other == j { continue }
                            dx = e[j] - e[other]
                            dy = e[j + 1] - e[other + 1]
                            d2 = dx * dx + dy * dy
                            guard d2 > 0 else { continue }
                            let powB = expf(b * logf(d2))
                            let coeff = twoGammaB / ((0.001 + d2) * (a * powB + 1))
                            e[j] += clip(coeff * dx) * alpha
                            e[j + 1] += clip(coeff * dy) * alpha
                        }
                    }
                    nextNegative[edge] += Float(max(negatives, 0)) * perNegative[edge]
                }
            }
        }
    }

    @inline(__always)
    private func clip(_ v: Float) -> Float { min(max(v, -4), 4) }
}
