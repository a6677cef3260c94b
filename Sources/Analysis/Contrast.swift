/// Token A against token B at one layer, from the full lens distribution.
public struct ContrastRow: Sendable, Equatable {
    /// Layer l, 0 = embedding, L = output.
    public let layer: Int
    public let a: TokenStanding
    public let b: TokenStanding
    /// logp_l(A) − logp_l(B), computed in Double.
    public let logprobDiff: Double
    /// p_l(A) − p_l(B), computed in Double.
    public let probDiff: Double
}

/// Contrast of two tokens across layers (never from a top-k list).
public enum Contrast {
    /// One row per layer 0…L.
    /// - Parameter lens: `[L+1][V]` log-probs at the query position.
    /// - Throws: `.tooFewLayers`, `.emptyDistribution`, `.vocabularySizeMismatch`, `.tokenOutOfRange`.
    public static func perLayer(lens: [[Float]], tokenA: Int, tokenB: Int) throws -> [ContrastRow] {
        guard !lens.isEmpty else { throw AnalysisError.tooFewLayers(found: 0, needed: 1) }
        let vocab = lens[0].count
        guard vocab > 0 else { throw AnalysisError.emptyDistribution }
        for (row, values) in lens.enumerated() where values.count != vocab {
            throw AnalysisError.vocabularySizeMismatch(expected: vocab, found: values.count, row: row)
        }
        return try lens.enumerated().map { layer, row in
            let a = try LensReadout.standing(of: tokenA, in: row)
            let b = try LensReadout.standing(of: tokenB, in: row)
            return ContrastRow(layer: layer, a: a, b: b,
                               logprobDiff: Double(a.logprob) - Double(b.logprob),
                               probDiff: Double(a.prob) - Double(b.prob))
        }
    }
}

/// A contrast word resolved to the token that scores it.
public struct ResolvedToken: Sendable, Equatable {
    /// What the user typed.
    public let text: String
    /// The string that was encoded (`" " + text` or `text`).
    public let encodedForm: String
    /// The token id used (the first token when `split`).
    public let id: Int
    /// True when no form is a single token, so only the first token scores the word (the UI says so).
    public let split: Bool
    /// How many tokens the chosen form has.
    public let tokenCount: Int
}

/// Turns user text into one token id with the model's tokenizer.
public enum ContrastTokenResolver {
    /// Tries `" " + text` and `text`: prefers a form that is a single token (the leading-space
    /// form if both are), else the first token of the leading-space form with `split = true`.
    /// - Parameter encode: the model tokenizer's encode (no special tokens added).
    /// - Throws: `.emptyContrastText`, `.contrastTextHasNoTokens`, or what `encode` throws.
    ///
    /// Text in double quotes (`"Paris"`, `" Paris"`) is encoded exactly as written between them:
    /// the way to contrast a token without a leading space.
    public static func resolve(_ text: String, encode: (String) throws -> [Int]) throws -> ResolvedToken {
        guard !text.isEmpty else { throw AnalysisError.emptyContrastText }
        if text.count >= 3, text.first == "\"", text.last == "\"" {
            let exact = String(text.dropFirst().dropLast())
            let ids = try encode(exact)
            guard let first = ids.first else { throw AnalysisError.contrastTextHasNoTokens(text: text) }
            return ResolvedToken(
                text: text, encodedForm: exact, id: first, split: ids.count > 1, tokenCount: ids.count)
        }
        let spacedForm = " " + text
        let spaced = try encode(spacedForm)
        let plain = try encode(text)
        if spaced.count == 1 {
            return ResolvedToken(text: text, encodedForm: spacedForm, id: spaced[0], split: false,
                                 tokenCount: 1)
        }
        if plain.count == 1 {
            return ResolvedToken(text: text, encodedForm: text, id: plain[0], split: false, tokenCount: 1)
        }
        if let first = spaced.first {
            return ResolvedToken(text: text, encodedForm: spacedForm, id: first, split: true,
                                 tokenCount: spaced.count)
        }
        if let first = plain.first {
            return ResolvedToken(text: text, encodedForm: text, id: first, split: true,
                                 tokenCount: plain.count)
        }
        throw AnalysisError.contrastTextHasNoTokens(text: text)
    }
}
