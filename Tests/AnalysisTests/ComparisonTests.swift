import Foundation
import Testing
import Analysis

@Suite("Comparison of two models")
struct ComparisonTests {
    /// Model A: L = 2, T = 2; model B: L = 4, T = 2. Vocabulary of 2 tokens.
    func models() throws -> (ComparisonInput, ComparisonInput) {
        func top(_ id: Int, _ p: Float) -> LensTop1 { LensTop1(id: id, prob: p, text: id == 0 ? " a" : " b") }
        let half = Float(log(0.5))
        let a = try ComparisonInput(
            name: "A",
            top1: [[top(0, 0.5), top(0, 0.6)], [top(1, 0.7), top(0, 0.8)], [top(1, 0.9), top(1, 1)]],
            queryLogprobs: [[half, half], [half, half], [Float(log(0.25)), Float(log(0.75))]],
            queryAttention: [[0.5, 0.5], [0.2, 0.8]], queryPosition: 1)
        let b = try ComparisonInput(
            name: "B",
            top1: [[top(0, 0.1), top(0, 0.2)], [top(0, 0.3), top(0, 0.4)], [top(1, 0.5), top(1, 0.6)],
                   [top(1, 0.7), top(1, 0.8)], [top(1, 0.9), top(1, 1)]],
            queryLogprobs: Array(repeating: [half, half], count: 5),
            queryAttention: [[1, 0], [0.5, 0.5], [0.4, 0.6], [0, 1]], queryPosition: 1)
        return (a, b)
    }

    @Test("each depth of A is matched to B's nearest depth, with top-1 agreement and KL(A‖B)")
    func depthMatches() throws {
        let (a, b) = try models()
        let matches = try ModelComparison.depthMatches(a, b, sameVocabulary: true)
        #expect(matches.map(\.layerB) == [0, 2, 4])
        #expect(matches.map(\.agree) == [true, false, true])
        #expect(abs((matches[0].klAB ?? -1)) < 1e-12)
        // KL([0.25, 0.75] ‖ [0.5, 0.5]) = 0.25 ln 0.5 + 0.75 ln 1.5
        #expect(abs((matches[2].klAB ?? -1) - (0.25 * log(0.5) + 0.75 * log(1.5))) < 1e-6)
        #expect(try ModelComparison.depthMatches(a, b, sameVocabulary: false).allSatisfy { $0.klAB == nil })
        #expect(ModelComparison.nearestLayer(depth: 0.5, layerCount: 3) == 1)  // 1.5 ties → lower
    }

    @Test("a selection gives each model's mean top-1 probability, agreement and mean attention")
    func selection() throws {
        let (a, b) = try models()
        let s = ComparisonSelection(depthFrom: 0.5, depthTo: 1, tokenFrom: 1, tokenTo: 1)
        let summary = try ModelComparison.summarize(a, b, selection: s, sameVocabulary: false)
        #expect(summary.layersA == [1, 2] && summary.layersB == [2, 3, 4])
        #expect(abs(summary.meanTop1ProbA - 0.9) < 1e-6)  // (0.8 + 1) / 2
        #expect(abs(summary.meanTop1ProbB - 0.8) < 1e-6)  // (0.6 + 0.8 + 1) / 3
        #expect(summary.agreementRate == 0.5)  // layer 1 (" a" vs " b") no, layer 2 yes
        #expect(abs((summary.meanAttentionA ?? -1) - 0.65) < 1e-6)  // (0.5 + 0.8) / 2
        #expect(abs((summary.meanAttentionB ?? -1) - (0.5 + 0.6 + 1) / 3) < 1e-6)
    }

    @Test("a selection whose lens is partly read is summarised over the tokens read, and says so")
    func partialSelection() throws {
        let (a, full) = try models()
        let s = ComparisonSelection(depthFrom: 0.5, depthTo: 1, tokenFrom: 0, tokenTo: 1)
        let complete = try ModelComparison.summarize(a, full, selection: s, sameVocabulary: false)
        #expect(complete.tokensRead == 2 && complete.tokensSelected == 2 && complete.isComplete)
        // B's lens at token 0 not read yet (top-1 id −1 at one selected layer): token 1 alone, the same
        // numbers as selecting token 1 only; the attention needs no lens and stays over both tokens.
        var top1 = full.top1
        top1[3][0] = LensTop1(id: -1, prob: 0, text: "")
        let b = try ComparisonInput(
            name: "B", top1: top1, queryLogprobs: full.queryLogprobs, queryAttention: full.queryAttention,
            queryPosition: 1)
        let partial = try ModelComparison.summarize(a, b, selection: s, sameVocabulary: false)
        let one = try ModelComparison.summarize(
            a, full, selection: .init(depthFrom: 0.5, depthTo: 1, tokenFrom: 1, tokenTo: 1), sameVocabulary: false)
        #expect(partial.tokensRead == 1 && partial.tokensSelected == 2 && !partial.isComplete)
        #expect(partial.meanTop1ProbA == one.meanTop1ProbA && partial.meanTop1ProbB == one.meanTop1ProbB)
        #expect(partial.agreementRate == one.agreementRate)
        #expect(partial.meanAttentionA == complete.meanAttentionA)
        // Nothing read at a selected token of either model: no means to show, no division by zero.
        top1[3][1] = LensTop1(id: -1, prob: 0, text: "")
        let none = try ModelComparison.summarize(
            a,
            try ComparisonInput(
                name: "B", top1: top1, queryLogprobs: full.queryLogprobs, queryAttention: full.queryAttention,
                queryPosition: 1),
            selection: s, sameVocabulary: false)
        #expect(none.tokensRead == 0 && none.meanTop1ProbA == 0 && none.agreementRate == 0)
    }

    @Test("selections outside the depth axis or the prompt are rejected with typed errors")
    func badSelections() throws {
        let (a, b) = try models()
        #expect(throws: AnalysisError.selectionDepthOutOfRange(from: 0.5, to: 1.5)) {
            try ModelComparison.summarize(a, b, selection: .init(depthFrom: 0.5, depthTo: 1.5, tokenFrom: 0,
                                                                 tokenTo: 1), sameVocabulary: true)
        }
        #expect(throws: AnalysisError.selectionTokensOutOfRange(from: 0, to: 2, tokenCount: 2)) {
            try ModelComparison.summarize(a, b, selection: .init(depthFrom: 0, depthTo: 1, tokenFrom: 0,
                                                                 tokenTo: 2), sameVocabulary: true)
        }
        #expect(throws: AnalysisError.selectionHoldsNoLayer(model: "A", from: 0.1, to: 0.2)) {
            try ModelComparison.summarize(a, b, selection: .init(depthFrom: 0.1, depthTo: 0.2, tokenFrom: 0,
                                                                 tokenTo: 1), sameVocabulary: true)
        }
        #expect(throws: AnalysisError.queryPositionOutOfRange(position: 5, tokenCount: 2)) {
            try ComparisonInput(name: "C", top1: a.top1, queryLogprobs: a.queryLogprobs,
                                queryAttention: a.queryAttention, queryPosition: 5)
        }
    }
}
