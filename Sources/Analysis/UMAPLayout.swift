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

    /// All epochs. Each epoch first gathers the edges due now (branch-free), then walks three
    /// thirds of that list in lockstep, one sample of each third at a time: every negative
    /// sample is a long chain of dependent float operations (about 50 cycles) and independent
    /// chains let the CPU overlap them (two lanes: ~52 ms for 270 heads, three: ~39 ms; four
    /// spilled registers). Each lane's head stays in registers during its negative samples
    /// (only its own repulsion moves it) and is stored after every step, so the other lanes
    /// read it current and no update is lost; when two lanes share a head they run one after
    /// the other through memory. Only the order in which the thirds' samples interleave
    /// differs from a single pass (umap-learn's parallel mode reorders far more).
    /// Deterministic for a seed: one sampler, drawn in a fixed order.
    private func runEpochs(_ e: UnsafeMutableBufferPointer<Float>, count n: Int, state: EdgeState,
                           attractive: UnsafeBufferPointer<Float>, repulsive: UnsafeBufferPointer<Float>,
                           rate: Float, rng: inout SeededGenerator) {
        guard let p = e.baseAddress else { return }
        var sampler = UMAPSampler(seed: rng.next(), count: n)
        let kernel = UMAPKernel(a: a, b: b, gamma: gamma, attractive: attractive, repulsive: repulsive)
        let edgeCount = state.heads.count
        let due = UnsafeMutableBufferPointer<Int>.allocate(capacity: edgeCount)
        defer { due.deallocate() }
        for epoch in 0 ..< epochs {
            let alpha = learningRate * (1 - Float(epoch) / Float(epochs))
            let now = Float(epoch)
            var dueCount = 0
            for edge in 0 ..< edgeCount {
                due[dueCount] = edge
                dueCount += state.nextSample[edge] <= now ? 1 : 0
            }
            let third = (dueCount + 2) / 3
            var lane0 = UMAPLane(start: 0, end: third, sentinel: -2)
            var lane1 = UMAPLane(start: third, end: min(2 * third, dueCount), sentinel: -4)
            var lane2 = UMAPLane(start: min(2 * third, dueCount), end: dueCount, sentinel: -6)
            while true {
                let any0 = lane0.begin(p, due: due, state: state, kernel: kernel, now: now, rate: rate,
                                       alpha: alpha)
                let any1 = lane1.begin(p, due: due, state: state, kernel: kernel, now: now, rate: rate,
                                       alpha: alpha)
                let any2 = lane2.begin(p, due: due, state: state, kernel: kernel, now: now, rate: rate,
                                       alpha: alpha)
                if !(any0 || any1 || any2) { break }
                if lane0.head != lane1.head && lane0.head != lane2.head && lane1.head != lane2.head {
                    lane0.load(p)
                    lane1.load(p)
                    lane2.load(p)
                    for step in 0 ..< max(lane0.negatives, lane1.negatives, lane2.negatives) {
                        lane0.repel(p, step: step, kernel: kernel, alpha: alpha, sampler: &sampler)
                        lane1.repel(p, step: step, kernel: kernel, alpha: alpha, sampler: &sampler)
                        lane2.repel(p, step: step, kernel: kernel, alpha: alpha, sampler: &sampler)
                    }
                } else {
                    lane0.repelAll(p, kernel: kernel, alpha: alpha, sampler: &sampler)
                    lane1.repelAll(p, kernel: kernel, alpha: alpha, sampler: &sampler)
                    lane2.repelAll(p, kernel: kernel, alpha: alpha, sampler: &sampler)
                }
            }
        }
        rng = SeededGenerator(seed: sampler.next())
    }

    /// One third of an epoch's due edges, with its current sample's head.
    private struct UMAPLane {
        var position: Int
        let end: Int
        let sentinel: Int
        /// Head of the current sample (point × 2), or a negative sentinel when there is none.
        var head: Int
        var negatives = 0
        var x: Float = 0
        var y: Float = 0

        init(start: Int, end: Int, sentinel: Int) {
            position = start - 1
            self.end = end
            self.sentinel = sentinel
            head = sentinel
        }

        /// Moves to the next due edge, applies its attraction and schedules it; false (with no
        /// negatives) once the third is done for this epoch.
        @inline(__always)
        mutating func begin(_ p: UnsafeMutablePointer<Float>, due: UnsafeMutableBufferPointer<Int>,
                            state: EdgeState, kernel: UMAPKernel, now: Float, rate: Float,
                            alpha: Float) -> Bool {
            position += 1
            guard position < end else {
                head = sentinel
                negatives = 0
                return false
            }
            let edge = due[position]
            head = state.heads[edge]
            kernel.attract(p, head, state.tails[edge], alpha: alpha)
            negatives = state.advance(edge, now: now, rate: rate)
            return true
        }

        @inline(__always)
        mutating func load(_ p: UnsafeMutablePointer<Float>) {
            guard negatives > 0 else { return }
            x = p[head]
            y = p[head + 1]
        }

        /// The negative sample number `step` of this lane (if it has that many), in registers.
        @inline(__always)
        mutating func repel(_ p: UnsafeMutablePointer<Float>, step: Int, kernel: UMAPKernel,
                            alpha: Float, sampler: inout UMAPSampler) {
            guard step < negatives else { return }
            let other = sampler.nextPoint()
            guard other != head else { return }
            (x, y) = kernel.repelled((x, y), from: p, other, alpha: alpha)
            p[head] = x
            p[head + 1] = y
        }

        /// All negative samples of this lane, through memory.
        @inline(__always)
        func repelAll(_ p: UnsafeMutablePointer<Float>, kernel: UMAPKernel, alpha: Float,
                      sampler: inout UMAPSampler) {
            for _ in 0 ..< negatives {
                let other = sampler.nextPoint()
                if other != head { kernel.repel(p, head, other, alpha: alpha) }
            }
        }
    }
}
