import Testing
@testable import Analysis

@Suite("Principal components")
struct PrincipalComponentsTests {
    /// 40 points with 300 features (more features than points, like a long prompt's attention rows):
    /// three directions of decreasing spread plus a little noise.
    static func widePoints() throws -> PointSet {
        var rng = SeededGenerator(seed: 11)
        let f = 300
        let axes = (0 ..< 3).map { _ in (0 ..< f).map { _ in Float(rng.nextGaussian()) } }
        let spreads: [Float] = [9, 4, 1]
        let rows = (0 ..< 40).map { _ -> [Float] in
            let weights = spreads.map { $0 * Float(rng.nextGaussian()) }
            return (0 ..< f).map { j in
                (0 ..< 3).reduce(Float(0.01 * rng.nextGaussian())) { $0 + weights[$1] * axes[$1][j] }
            }
        }
        return try PointSet(rows: rows)
    }

    @Test("scores from the Gram matrix equal scores from the covariance (signs included)")
    func gramMatchesCovariance() throws {
        let points = try Self.widePoints()
        let covariance = PrincipalComponents.project(points, components: 2, byGram: false)
        let gram = PrincipalComponents.project(points, components: 2, byGram: true)
        #expect(covariance.count == 80 && gram.count == 80)
        let scale = covariance.reduce(0) { max($0, abs($1)) }
        let diff = zip(covariance, gram).map { abs($0 - $1) }.max() ?? 1
        #expect(scale > 1 && diff <= 1e-6 * scale, "max |Δ| \(diff) of \(scale)")
    }

    @Test("points of rank one give zero second scores on both paths")
    func rankOne() throws {
        let rows = (0 ..< 5).map { i in (0 ..< 12).map { Float(i) * Float($0 + 1) } }
        let points = try PointSet(rows: rows)
        for byGram in [false, true] {
            let scores = PrincipalComponents.project(points, components: 2, byGram: byGram)
            #expect((0 ..< 5).allSatisfy { abs(scores[$0 * 2 + 1]) < 1e-6 }, "byGram \(byGram)")
            #expect(abs(scores[0] - scores[8]) > 1)
        }
    }
}
