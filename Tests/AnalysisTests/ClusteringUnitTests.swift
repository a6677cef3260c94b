import Foundation
import Testing
import Analysis

@Suite("k-means, trustworthiness, UMAP units")
struct ClusteringUnitTests {
    @Test("k-means finds three obvious clusters and their inertia")
    func kmeansObvious() throws {
        let rows: [[Float]] = [[0, 0], [0, 1], [10, 10], [10, 11], [20, 0], [21, 0]]
        let result = try KMeans.fit(PointSet(rows: rows), clusters: 3, seed: 1)
        #expect(result.labels[0] == result.labels[1])
        #expect(result.labels[2] == result.labels[3])
        #expect(result.labels[4] == result.labels[5])
        #expect(Set(result.labels).count == 3)
        #expect(abs(result.inertia - 1.5) < 1e-9)  // 3 pairs, each 2 · 0.5²
        #expect(throws: AnalysisError.tooManyClusters(clusters: 7, points: 6)) {
            try KMeans.fit(PointSet(rows: rows), clusters: 7)
        }
    }

    @Test("trustworthiness of an embedding equal to the features is 1")
    func trustIdentity() throws {
        var rng = SeededGenerator(seed: 3)
        let rows = (0 ..< 30).map { _ in (0 ..< 4).map { _ in Float(rng.nextGaussian()) } }
        let points = try PointSet(rows: rows)
        #expect(try Trustworthiness.score(features: points, embedding: points, k: 5) == 1)
    }

    @Test("trustworthiness of a hand example: points 0,1,3,7,15 on a line, embedded with 0 and 4 swapped")
    func trustByHand() throws {
        // n = 5, k = 1, all pairwise distances distinct. Embedding x' = [15, 1, 3, 7, 0].
        // Embedded nearest neighbour of i: 0 → 3 (|15−7|), 1 → 4 (|1−0|), 2 → 1, 3 → 2, 4 → 1.
        // Rank of that neighbour in the original space: r(0,3) = 3, r(1,4) = 4, r(2,1) = 1,
        // r(3,2) = 1, r(4,1) = 3. Penalty = (3−1) + (4−1) + 0 + 0 + (3−1) = 7.
        // T = 1 − 7 · 2 / (5 · 1 · (2·5 − 3·1 − 1)) = 1 − 14/30 = 8/15.
        let features = try PointSet(rows: [[0], [1], [3], [7], [15]])
        let embedding = try PointSet(rows: [[15], [1], [3], [7], [0]])
        let trust = try Trustworthiness.score(features: features, embedding: embedding, k: 1)
        #expect(abs(trust - 8.0 / 15) < 1e-12)
        #expect(throws: AnalysisError.self) {
            try Trustworthiness.score(features: features, embedding: embedding, k: 3)
        }
    }

    @Test("the fitted UMAP curve for spread 1, min_dist 0.1 has a ≈ 1.577 and b ≈ 0.895")
    func curveFit() {
        let (a, b) = UMAPCurve.fitAB(spread: 1, minDist: 0.1)
        #expect(abs(a - 1.577) < 5e-3)
        #expect(abs(b - 0.895) < 5e-3)
    }

    @Test("UMAP separates two distant blobs and is deterministic for a seed")
    func umapBlobs() throws {
        var rng = SeededGenerator(seed: 11)
        let rows = (0 ..< 40).map { i in
            (0 ..< 5).map { _ in Float(rng.nextGaussian() * 0.1 + (i < 20 ? 0 : 5)) }
        }
        let points = try PointSet(rows: rows)
        let first = try UMAP.embed(points)
        #expect(try UMAP.embed(points) == first)
        let labels = try KMeans.fit(first, clusters: 2, seed: 5).labels
        #expect(Set(labels[0 ..< 20]).count == 1 && Set(labels[20 ..< 40]).count == 1)
        #expect(labels[0] != labels[39])
        #expect(throws: AnalysisError.tooFewPoints(found: 2, needed: 3)) {
            try UMAP.embed(PointSet(rows: [[0], [1]]))
        }
    }

    @Test("the seeded generator repeats its sequence for the same seed and differs for another")
    func generator() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let xs = (0 ..< 5).map { _ in a.next() }
        #expect(xs == (0 ..< 5).map { _ in b.next() })
        #expect(xs != (0 ..< 5).map { _ in c.next() })
    }

    @Test("head clustering rejects more clusters than heads and a query outside the prompt")
    func clusteringBadInput() throws {
        // L = 1, H = 2, T = 2: two heads only.
        let attention = try AttentionStack(layerCount: 1, headCount: 2, tokenCount: 2,
                                           values: [1, 0, 0.5, 0.5, 1, 0, 0.9, 0.1])
        var options = HeadClusteringOptions()
        options.clusterCount = 3
        #expect(throws: AnalysisError.tooManyClusters(clusters: 3, points: 2)) {
            try HeadClustering.run(attention, query: 1, options: options)
        }
        #expect(throws: AnalysisError.queryPositionOutOfRange(position: -1, tokenCount: 2)) {
            try HeadClustering.run(attention, query: -1)
        }
    }
}
