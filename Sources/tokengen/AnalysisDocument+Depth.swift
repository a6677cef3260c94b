import Analysis
import Foundation

/// The depth views' part of `analyze --json`: `grid`, `lens_mid`, `attribution`, `patching` (README).
extension AnalysisDocument {
    struct Grid: Encodable {
        let topIDs: [[Int]], topTexts: [[String]], topProbs: [[Float]], nextTokenProbs: [[Float?]]
        enum CodingKeys: String, CodingKey {
            case topIDs = "top_ids", topTexts = "top_texts", topProbs = "top_probs"
            case nextTokenProbs = "next_token_probs"
        }

        init(_ g: LensGrid) {
            (topIDs, topTexts, topProbs, nextTokenProbs) = (g.topIDs, g.topTexts, g.topProbs, g.nextTokenProbs)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(topIDs, forKey: .topIDs)
            try c.encode(topTexts, forKey: .topTexts)
            try c.encode(topProbs, forKey: .topProbs)
            // Optionals inside arrays encode as null (the last position has no next token).
            try c.encode(nextTokenProbs, forKey: .nextTokenProbs)
        }
    }

    struct AttributionLayer: Encodable {
        let layer: Int, attn: Float, mlp: Float, heads: [Float], attnBias: Float?, headsAdditive: Bool
        enum CodingKeys: String, CodingKey {
            case layer, attn, mlp, heads, attnBias = "attn_bias", headsAdditive = "heads_additive"
        }
    }

    struct Attribution: Encodable {
        let position: Int, target: Token, baseline: Token?, total: Float, linearTotal: Float?, embed: Float
        let bias: Float?
        let layers: [AttributionLayer]
        enum CodingKeys: String, CodingKey {
            case position, target, baseline, total, linearTotal = "total_before_softcap", embed, bias, layers
        }

        init(_ a: AttributionResult) {
            position = a.position
            target = Token(id: a.target.id, text: a.target.text)
            baseline = a.baseline.map { Token(id: $0.id, text: $0.text) }
            total = a.total
            linearTotal = a.linearTotal == a.total ? nil : a.linearTotal
            embed = a.embed
            bias = a.constant
            layers = a.layers.map {
                AttributionLayer(
                    layer: $0.layer, attn: $0.attention, mlp: $0.mlp, heads: $0.heads,
                    attnBias: $0.attentionBias, headsAdditive: $0.headsAdditive)
            }
        }
    }

    struct Patching: Encodable {
        let answer: Token, foil: Token, cleanLogitDiff: Float, corruptedLogitDiff: Float, values: [[Float?]]
        let corruptedTokens: [Token]
        enum CodingKeys: String, CodingKey {
            case answer, foil, cleanLogitDiff = "clean_logit_diff", corruptedLogitDiff = "corrupted_logit_diff"
            case values, corruptedTokens = "corrupted_tokens"
        }

        init(_ p: PatchingResult) {
            answer = Token(id: p.answer.id, text: p.answer.text)
            foil = Token(id: p.foil.id, text: p.foil.text)
            cleanLogitDiff = p.cleanLogitDiff
            corruptedLogitDiff = p.corruptedLogitDiff
            values = p.values
            corruptedTokens = p.corruptedTokens.map { Token(id: $0.id, text: $0.text) }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(answer, forKey: .answer)
            try c.encode(foil, forKey: .foil)
            try c.encode(cleanLogitDiff, forKey: .cleanLogitDiff)
            try c.encode(corruptedLogitDiff, forKey: .corruptedLogitDiff)
            try c.encode(values, forKey: .values)
            try c.encode(corruptedTokens, forKey: .corruptedTokens)
        }
    }

    /// `lens_mid`: the lens after each block's attention, at the query position.
    static func lensMid(_ run: ModelRun) -> [Lens] {
        run.midLens.map { layer in
            Lens(layer: layer.layer, top: layer.top[run.queryPosition].map {
                Candidate(id: $0.id, text: $0.text, prob: $0.prob, logprob: $0.logprob)
            })
        }
    }
}
