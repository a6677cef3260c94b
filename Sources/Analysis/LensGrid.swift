import Foundation

/// The logit lens at every layer and position: top-1 and the probability of the prompt's next token.
///
/// Legend: L layers, T tokens. Indexed `[l][t]` for l = 0…L (or the layers read so far).
public struct LensGrid: Sendable, Equatable {
    /// Layer of each row: 0…L after each block, or 1…L after each block's attention (`resid_mid`).
    public let layers: [Int]
    public let topIDs: [[Int]]
    public let topTexts: [[String]]
    public let topProbs: [[Float]]
    /// Probability of prompt token t+1 at (l, t); nil at the last position.
    public let nextTokenProbs: [[Float?]]

    /// Reads the grid out of per-layer lens results (their top-k and next-token log-probs).
    public init(lens: [LayerLens]) {
        layers = lens.map(\.layer)
        topIDs = lens.map { $0.top.map { $0.first?.id ?? -1 } }
        topTexts = lens.map { $0.top.map { $0.first?.text ?? "" } }
        topProbs = lens.map { $0.top.map { $0.first?.prob ?? 0 } }
        nextTokenProbs = lens.map { layer in
            (0..<layer.top.count).map { t in
                t < layer.nextTokenLogprobs.count && t + 1 < layer.top.count
                    ? expf(layer.nextTokenLogprobs[t]) : nil
            }
        }
    }
}
