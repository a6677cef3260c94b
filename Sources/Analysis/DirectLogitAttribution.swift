import Transformer

/// One block's share of the target logit (difference).
public struct LayerAttribution: Sendable, Equatable {
    /// Block l = 1…L.
    public let layer: Int
    /// `resid_mid[l] − resid[l−1]` read along the frozen readout: the block's attention output.
    public let attention: Float
    /// `resid[l] − resid_mid[l]`: the block's MLP output.
    public let mlp: Float
    /// `[H]`: each head's slice of the output projection times its weighted values.
    public let heads: [Float]
    /// The output projection's bias; nil when the family has none. Heads + this = `attention`
    /// when `headsAdditive`.
    public let attentionBias: Float?
    /// False where a norm after the attention (post-LN OPT) keeps heads from adding up to `attention`.
    public let headsAdditive: Bool
}

/// Direct logit attribution at one position: the parts of the target's logit (or A − B).
///
/// The final norm's scale is frozen at `resid[L][t]` (LayerNorm also centres; its bias is `constant`),
/// so `embed + constant + Σ (attention + mlp)` equals `total`, the model's own logit (difference).
public struct AttributionResult: Sendable, Equatable {
    public let position: Int
    public let target: TokenEntry
    /// B when the target is logit(A) − logit(B).
    public let baseline: TokenEntry?
    /// The model's own logit (difference) at the position (after soft-capping when the family has it).
    public let total: Float
    /// The logit the parts sum to: `total`, except before the final soft-capping (Gemma 2).
    public let linearTotal: Float
    public let embed: Float
    /// LayerNorm's bias along the target; nil for RMSNorm families (no constant term).
    public let constant: Float?
    /// Blocks 1…L.
    public let layers: [LayerAttribution]

    /// `embed + constant + Σ (attention + mlp)`, in Double.
    public var partsSum: Double {
        layers.reduce(Double(embed) + Double(constant ?? 0)) { $0 + Double($1.attention) + Double($1.mlp) }
    }
}

/// Computes direct logit attribution from a finished run's residual stream.
///
/// Legend: L layers, H heads, T tokens, D width.
public enum DirectLogitAttribution {
    /// - Parameters:
    ///   - residuals: the run's `resid` and `resid_mid` at every position (all L blocks)
    ///   - weightedValues: block l (1…L) → the heads' weighted values at `position`, `[H·d]`
    ///   - text: readable text of a token id
    /// - Throws: `AnalysisError.queryPositionOutOfRange`, `.tooFewLayers`, model errors
    public static func compute(
        model: any DecomposableModel, residuals: ResidualCapture, position: Int, target: Int, baseline: Int?,
        weightedValues: (Int) throws -> [Float], text: (Int) -> String
    ) throws -> AttributionResult {
        let layerCount = model.info.layers
        guard residuals.blocks == layerCount else {
            throw AnalysisError.tooFewLayers(found: residuals.blocks + 1, needed: layerCount + 1)
        }
        guard position >= 0, position < residuals.tokens else {
            throw AnalysisError.queryPositionOutOfRange(position: position, tokenCount: residuals.tokens)
        }
        let last = residuals.postRow(layer: layerCount, position: position)
        let readout = try model.frozenReadout(at: last, target: target, baseline: baseline)
        let ids = [target] + (baseline.map { [$0] } ?? [])
        let logits = try model.selectedLogits(rows: .init(shape: [1, last.count], values: last), ids: ids)[0]
        let total = logits[0] - (logits.count > 1 ? logits[1] : 0)
        let linearTotal = readout.part(of: last) + (readout.constant ?? 0)
        var previous = residuals.postRow(layer: 0, position: position)
        let embed = readout.part(of: previous)
        var layers: [LayerAttribution] = []
        for l in 1...max(1, layerCount) where l <= layerCount {
            let mid = residuals.midRow(layer: l, position: position)
            guard mid.count == previous.count else {
                throw AnalysisError.shapeMismatch(what: "resid_mid row", expected: previous.count, found: mid.count)
            }
            let post = residuals.postRow(layer: l, position: position)
            let attention = readout.part(of: zip(mid, previous).map { $0 - $1 })
            let mlp = readout.part(of: zip(post, mid).map { $0 - $1 })
            let parts = try model.headParts(
                layer: l - 1, weightedValues: try weightedValues(l), direction: readout.direction)
            layers.append(
                LayerAttribution(
                    layer: l, attention: attention, mlp: mlp, heads: parts.heads, attentionBias: parts.bias,
                    headsAdditive: parts.additive))
            previous = post
        }
        return AttributionResult(
            position: position, target: TokenEntry(id: target, text: text(target)),
            baseline: baseline.map { TokenEntry(id: $0, text: text($0)) }, total: total,
            linearTotal: model.logitSoftcap == nil ? total : linearTotal, embed: embed,
            constant: readout.constant, layers: layers)
    }
}
