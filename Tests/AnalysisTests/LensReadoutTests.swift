import Foundation
import Testing
import Analysis

@Suite("Lens readout and log-softmax")
struct LensReadoutTests {
    @Test("log-softmax of [0, ln 2, ln 3, -inf] gives log(1/6), log(2/6), log(3/6), -inf")
    func logSoftmaxByHand() throws {
        var row: [Float] = [0, Float(log(2.0)), Float(log(3.0)), -.infinity]
        try logSoftmax(&row)
        #expect(abs(row[0] - Float(log(1.0 / 6))) < 1e-6)
        #expect(abs(row[1] - Float(log(2.0 / 6))) < 1e-6)
        #expect(abs(row[2] - Float(log(3.0 / 6))) < 1e-6)
        #expect(row[3] == -.infinity)
    }

    @Test("log-softmax is stable for huge logits and rejects empty or non-finite rows")
    func logSoftmaxStable() throws {
        var row: [Float] = [10_000, 10_000]
        try logSoftmax(&row)
        #expect(abs(row[0] - Float(-log(2.0))) < 1e-6)
        var empty: [Float] = []
        #expect(throws: AnalysisError.emptyDistribution) { try logSoftmax(&empty) }
        var dead: [Float] = [-.infinity, .nan]
        #expect(throws: AnalysisError.nonFiniteDistribution(count: 2)) { try logSoftmax(&dead) }
    }

    @Test("top-k is descending and keeps the lower id first among exact ties")
    func topKTies() throws {
        let row: [Float] = [-2, -1, -3, -1, -0.5, -1, .nan]
        let top = try LensReadout.topK(row, k: 4)
        #expect(top.map(\.id) == [4, 1, 3, 5])
        #expect(top.map(\.logprob) == [-0.5, -1, -1, -1])
        #expect(abs(top[0].prob - expf(-0.5)) < 1e-7)
        #expect(try LensReadout.topK(row, k: 100).count == 6)  // NaN skipped
        #expect(throws: AnalysisError.invalidTopK(k: 0)) { try LensReadout.topK(row, k: 0) }
    }

    @Test("top-k over a 50 257-entry row agrees with a full sort")
    func topKMatchesSort() throws {
        var rng = SeededGenerator(seed: 7)
        let row = (0 ..< 50_257).map { _ in Float(Int(rng.nextInt(below: 2000))) / -100 }  // many ties
        let expected = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(20)
        #expect(try LensReadout.topK(row, k: 20).map(\.id) == Array(expected))
    }

    @Test("rank is 1 + the number of strictly greater entries, so ties share a rank")
    func rankSemantics() throws {
        let row: [Float] = [-1, -2, -1, -3]
        #expect(try LensReadout.standing(of: 0, in: row).rank == 1)
        #expect(try LensReadout.standing(of: 2, in: row).rank == 1)
        #expect(try LensReadout.standing(of: 1, in: row).rank == 3)
        #expect(try LensReadout.standing(of: 3, in: row).rank == 4)
        let s = try LensReadout.standing(of: 1, in: row)
        #expect(s.logprob == -2 && abs(s.prob - expf(-2)) < 1e-7)
        #expect(throws: AnalysisError.tokenOutOfRange(id: 4, vocabularySize: 4)) {
            try LensReadout.standing(of: 4, in: row)
        }
    }
}

@Suite("Per-layer metrics")
struct LayerMetricsTests {
    @Test("entropy of a uniform distribution over V tokens is log V")
    func uniformEntropy() throws {
        let v = 49_152
        let row = [Float](repeating: -Float(log(Double(v))), count: v)
        #expect(abs(try LayerMetricsCalculator.entropy(row) - log(Double(v))) < 1e-4)
    }

    @Test("KL of identical distributions is 0; final-layer rank is 1; hand KL for two 2-token rows")
    func klAndRanks() throws {
        let final: [Float] = [Float(log(0.75)), Float(log(0.25))]
        let early: [Float] = [Float(log(0.5)), Float(log(0.5))]
        let flipped: [Float] = [Float(log(0.25)), Float(log(0.75))]
        let metrics = try LayerMetricsCalculator.metrics(lens: [flipped, early, final])
        #expect(metrics.count == 3)
        #expect(abs(metrics[2].klFromFinal) < 1e-12)
        // KL(final ‖ uniform) = 0.75 ln 1.5 + 0.25 ln 0.5 = 0.130812
        #expect(abs(metrics[1].klFromFinal - (0.75 * log(1.5) + 0.25 * log(0.5))) < 1e-6)
        #expect(metrics.map(\.finalTop1Rank) == [2, 1, 1])  // token 0 ties at layer 1
        #expect(abs(metrics[0].maxProb - 0.75) < 1e-6)
        #expect(abs(metrics[1].entropy - log(2.0)) < 1e-6)
        #expect(throws: AnalysisError.tooFewLayers(found: 1, needed: 2)) {
            try LayerMetricsCalculator.metrics(lens: [final])
        }
        #expect(throws: AnalysisError.vocabularySizeMismatch(expected: 2, found: 3, row: 1)) {
            try LayerMetricsCalculator.metrics(lens: [final, [0, 0, 0]])
        }
    }
}
