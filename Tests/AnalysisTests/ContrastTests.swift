import Foundation
import Testing
import Analysis

@Suite("Contrast of two tokens")
struct ContrastTests {
    @Test("the contrast at each layer is the difference of the two tokens' log-probs and probs")
    func differences() throws {
        let lens: [[Float]] = [[-1, -2, -0.5], [-3, -0.1, -4]]
        let rows = try Contrast.perLayer(lens: lens, tokenA: 0, tokenB: 1)
        #expect(rows.map(\.logprobDiff) == [1, Double(Float(-3)) - Double(Float(-0.1))])
        #expect(abs(rows[0].probDiff - (exp(-1.0) - exp(-2.0))) < 1e-6)
        #expect(rows[0].a.rank == 2 && rows[0].b.rank == 3 && rows[1].b.rank == 1)
        #expect(throws: AnalysisError.tokenOutOfRange(id: 9, vocabularySize: 3)) {
            try Contrast.perLayer(lens: lens, tokenA: 9, tokenB: 1)
        }
    }

    /// A fake tokenizer: known strings → ids.
    func encode(_ s: String) -> [Int] {
        let table: [String: [Int]] = [
            " Paris": [100], "Paris": [200], "cat": [5], " cat": [6, 7],
            " xyzzy": [8, 9], "xyzzy": [10, 11, 12],
            "!": [3], " !": [],
        ]
        return table[s] ?? []
    }

    @Test("resolution prefers a single-token form, the leading-space one first, else splits")
    func resolution() throws {
        let paris = try ContrastTokenResolver.resolve("Paris", encode: encode)
        #expect(paris.id == 100 && !paris.split && paris.encodedForm == " Paris")
        let cat = try ContrastTokenResolver.resolve("cat", encode: encode)
        #expect(cat.id == 5 && !cat.split)
        let xyzzy = try ContrastTokenResolver.resolve("xyzzy", encode: encode)
        #expect(xyzzy.id == 8 && xyzzy.split && xyzzy.tokenCount == 2)
        #expect(try ContrastTokenResolver.resolve("!", encode: encode).id == 3)
        #expect(throws: AnalysisError.emptyContrastText) {
            try ContrastTokenResolver.resolve("", encode: encode)
        }
        #expect(throws: AnalysisError.contrastTextHasNoTokens(text: "zz")) {
            try ContrastTokenResolver.resolve("zz", encode: encode)
        }
    }
}
