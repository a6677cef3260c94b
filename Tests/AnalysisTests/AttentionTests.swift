import Testing
import Analysis

@Suite("Attention aggregation and rollout")
struct AttentionTests {
    /// L = 2, H = 2, T = 2. Layer 1: head 0 = [[1,0],[0.2,0.8]], head 1 = [[1,0],[0.6,0.4]];
    /// layer 2: head 0 = [[1,0],[1,0]], head 1 = [[1,0],[0,1]].
    func stack() throws -> AttentionStack {
        try AttentionStack(layerCount: 2, headCount: 2, tokenCount: 2,
                           values: [1, 0, 0.2, 0.8, 1, 0, 0.6, 0.4, 1, 0, 1, 0, 1, 0, 0, 1])
    }

    @Test("mean, max and single-head heatmaps of the query row match the hand values")
    func aggregations() throws {
        let a = try stack()
        let mean = try AttentionAggregator.heatmap(a, query: 1, aggregation: .meanOverHeads)
        #expect(abs(mean[0][0] - 0.4) < 1e-6 && abs(mean[0][1] - 0.6) < 1e-6)
        #expect(mean[1] == [0.5, 0.5])
        let maximum = try AttentionAggregator.heatmap(a, query: 1, aggregation: .maxOverHeads)
        #expect(maximum == [[0.6, 0.8], [1, 1]])
        #expect(try AttentionAggregator.heatmap(a, query: 1, aggregation: .head(1)) == [[0.6, 0.4], [0, 1]])
        #expect(throws: AnalysisError.headOutOfRange(head: 2, headCount: 2)) {
            try AttentionAggregator.heatmap(a, query: 1, aggregation: .head(2))
        }
        #expect(throws: AnalysisError.queryPositionOutOfRange(position: 2, tokenCount: 2)) {
            try AttentionAggregator.heatmap(a, query: 2, aggregation: .meanOverHeads)
        }
    }

    @Test("rollout: A' = 0.5·mean + 0.5·I, R_2 = A'_2·A'_1, rows sum to 1 (hand values)")
    func rolloutByHand() throws {
        // A'_1 row 1 = 0.5·[0.4, 0.6] + [0, 0.5] = [0.2, 0.8]; A'_2 row 1 = [0.25, 0.75]; row 0 = [1, 0].
        // R_2 row 1 = 0.25·[1, 0] + 0.75·[0.2, 0.8] = [0.4, 0.6].
        let a = try stack()
        let rows = try AttentionAggregator.heatmap(a, query: 1, aggregation: .rollout)
        #expect(abs(rows[0][0] - 0.2) < 1e-6 && abs(rows[0][1] - 0.8) < 1e-6)
        #expect(abs(rows[1][0] - 0.4) < 1e-6 && abs(rows[1][1] - 0.6) < 1e-6)
        for matrix in AttentionRollout.rollout(a) {
            for q in 0 ..< 2 { #expect(abs(matrix[q * 2] + matrix[q * 2 + 1] - 1) < 1e-6) }
        }
    }

    @Test("a stack whose value count does not match L·H·T·T is rejected")
    func badShape() {
        #expect(throws: AnalysisError.shapeMismatch(what: "attention [L, H, T, T]", expected: 16, found: 3)) {
            try AttentionStack(layerCount: 2, headCount: 2, tokenCount: 2, values: [1, 2, 3])
        }
    }
}
