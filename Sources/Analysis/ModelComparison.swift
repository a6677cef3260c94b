/// Both models' lens at one depth of model A and the nearest depth of model B.
public struct DepthMatch: Sendable, Equatable {
    public let layerA: Int
    public let layerB: Int
    public let depthA: Double
    public let depthB: Double
    /// Top-1 at the query position.
    public let top1A: LensTop1
    public let top1B: LensTop1
    /// Same id (same vocabulary) or same decoded string (different vocabularies).
    public let agree: Bool
    /// KL(A ‖ B) in nats at the query position; `nil` when the vocabularies differ.
    public let klAB: Double?
}

/// A region of the comparison chart: depths [d0, d1] ⊂ [0, 1] and token positions [t0, t1].
public struct ComparisonSelection: Sendable, Equatable {
    public let depthFrom: Double
    public let depthTo: Double
    public let tokenFrom: Int
    public let tokenTo: Int

    public init(depthFrom: Double, depthTo: Double, tokenFrom: Int, tokenTo: Int) {
        self.depthFrom = depthFrom
        self.depthTo = depthTo
        self.tokenFrom = tokenFrom
        self.tokenTo = tokenTo
    }
}

/// The two models summarised over a selection.
public struct SelectionSummary: Sendable, Equatable {
    /// Layers of each model whose depth lies in the selection.
    public let layersA: [Int]
    public let layersB: [Int]
    /// Mean lens top-1 probability over the selected layers × selected positions read (`tokensRead`).
    public let meanTop1ProbA: Double
    public let meanTop1ProbB: Double
    /// Fraction of (layer of A, position read) pairs where A's top-1 agrees with B's at the nearest depth.
    public let agreementRate: Double
    /// Mean (over selected blocks and tokens) of the query row's mean-over-heads attention;
    /// `nil` when the selection holds only the embedding layer (no attention there).
    public let meanAttentionA: Double?
    public let meanAttentionB: Double?
    /// Selected tokens whose lens both models have read at every selected layer: what the means and the
    /// agreement are over. Fewer than `tokensSelected` while the window reads the rest in the background
    /// (a drag is answered at once from what is read); 0 means nothing to summarise yet.
    public let tokensRead: Int
    /// Tokens in the selection.
    public let tokensSelected: Int

    /// Whether every selected token is in the summary.
    public var isComplete: Bool { tokensRead == tokensSelected }
}

/// Lens comparison of two models on the common depth axis l / L.
public enum ModelComparison {
    /// The layer of a model with `layerCount` blocks nearest to `depth` (ties → the lower layer).
    public static func nearestLayer(depth: Double, layerCount: Int) -> Int {
        let exact = depth * Double(layerCount)
        let lower = Int(exact.rounded(.down))
        let chosen = exact - Double(lower) > 0.5 ? lower + 1 : lower
        return min(max(chosen, 0), layerCount)
    }

    /// One match per layer 0…L_A of model A.
    /// - Parameter sameVocabulary: compare by id and report KL; requires equal V.
    /// - Throws: `.vocabularySizeMismatch` when `sameVocabulary` but V differs.
    public static func depthMatches(_ a: ComparisonInput, _ b: ComparisonInput,
                                    sameVocabulary: Bool) throws -> [DepthMatch] {
        if sameVocabulary, a.queryLogprobs[0].count != b.queryLogprobs[0].count {
            throw AnalysisError.vocabularySizeMismatch(expected: a.queryLogprobs[0].count,
                                                       found: b.queryLogprobs[0].count, row: 0)
        }
        return try (0 ... a.layerCount).map { la in
            let lb = nearestLayer(depth: a.depth(ofLayer: la), layerCount: b.layerCount)
            let topA = a.top1[la][a.queryPosition]
            let topB = b.top1[lb][b.queryPosition]
            return DepthMatch(
                layerA: la, layerB: lb, depthA: a.depth(ofLayer: la), depthB: b.depth(ofLayer: lb),
                top1A: topA, top1B: topB, agree: agrees(topA, topB, sameVocabulary: sameVocabulary),
                klAB: sameVocabulary
                    ? try LayerMetricsCalculator.kl(a.queryLogprobs[la], b.queryLogprobs[lb]) : nil)
        }
    }

    /// Summary of both models over a selected region.
    /// - Throws: `.selectionDepthOutOfRange`, `.selectionTokensOutOfRange`, `.selectionHoldsNoLayer`.
    public static func summarize(_ a: ComparisonInput, _ b: ComparisonInput, selection s: ComparisonSelection,
                                 sameVocabulary: Bool) throws -> SelectionSummary {
        guard s.depthFrom.isFinite, s.depthTo.isFinite, s.depthFrom >= 0, s.depthTo <= 1,
              s.depthFrom <= s.depthTo else {
            throw AnalysisError.selectionDepthOutOfRange(from: s.depthFrom, to: s.depthTo)
        }
        for model in [a, b]
        where !(s.tokenFrom >= 0 && s.tokenFrom <= s.tokenTo && s.tokenTo < model.tokenCount) {
            throw AnalysisError.selectionTokensOutOfRange(from: s.tokenFrom, to: s.tokenTo,
                                                          tokenCount: model.tokenCount)
        }
        let layersA = try layers(of: a, in: s)
        let layersB = try layers(of: b, in: s)
        let selected = Array(s.tokenFrom ... s.tokenTo)
        // A position whose lens is not read yet has top-1 id −1 (`ModelRun.comparisonInput`).
        let tokens = selected.filter { t in
            layersA.allSatisfy { a.top1[$0][t].id >= 0 } && layersB.allSatisfy { b.top1[$0][t].id >= 0 }
        }
        var agreeCount = 0
        for la in layersA {
            let lb = nearestLayer(depth: a.depth(ofLayer: la), layerCount: b.layerCount)
            for t in tokens where agrees(a.top1[la][t], b.top1[lb][t], sameVocabulary: sameVocabulary) {
                agreeCount += 1
            }
        }
        let pairs = Double(max(1, layersA.count * tokens.count))
        return SelectionSummary(
            layersA: layersA, layersB: layersB,
            meanTop1ProbA: meanTop1(a, layers: layersA, tokens: tokens),
            meanTop1ProbB: meanTop1(b, layers: layersB, tokens: tokens),
            agreementRate: Double(agreeCount) / pairs,
            // The query's attention needs no lens: over every selected token.
            meanAttentionA: meanAttention(a, layers: layersA, tokens: selected),
            meanAttentionB: meanAttention(b, layers: layersB, tokens: selected),
            tokensRead: tokens.count, tokensSelected: selected.count)
    }

    static func agrees(_ x: LensTop1, _ y: LensTop1, sameVocabulary: Bool) -> Bool {
        sameVocabulary ? x.id == y.id : x.text == y.text
    }

    static func layers(of model: ComparisonInput, in s: ComparisonSelection) throws -> [Int] {
        let slack = 1e-9
        let found = (0 ... model.layerCount).filter {
            let d = model.depth(ofLayer: $0)
            return d >= s.depthFrom - slack && d <= s.depthTo + slack
        }
        guard !found.isEmpty else {
            throw AnalysisError.selectionHoldsNoLayer(model: model.name, from: s.depthFrom, to: s.depthTo)
        }
        return found
    }

    static func meanTop1(_ model: ComparisonInput, layers: [Int], tokens: [Int]) -> Double {
        var sum = 0.0
        for l in layers {
            for t in tokens { sum += Double(model.top1[l][t].prob) }
        }
        return sum / Double(max(1, layers.count * tokens.count))
    }

    static func meanAttention(_ model: ComparisonInput, layers: [Int], tokens: [Int]) -> Double? {
        let blocks = layers.filter { $0 >= 1 }
        guard !blocks.isEmpty, !tokens.isEmpty else { return nil }
        var sum = 0.0
        for l in blocks {
            for t in tokens { sum += Double(model.queryAttention[l - 1][t]) }
        }
        return sum / Double(blocks.count * tokens.count)
    }
}
