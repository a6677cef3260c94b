/// Post-softmax attention of every layer and head of one run, flat and validated.
///
/// Legend: L layers, H heads, T tokens. `values[((l * H + h) * T + q) * T + k]` is how much
/// query position q of head h in block l+1 attends to key position k.
public struct AttentionStack: Sendable, Equatable {
    public let layerCount: Int  // L
    public let headCount: Int  // H
    public let tokenCount: Int  // T
    public let values: [Float]  // [L, H, T, T]

    /// - Throws: `.tooFewLayers`, `.invalidParameter` (no heads or tokens), `.shapeMismatch`.
    public init(layerCount: Int, headCount: Int, tokenCount: Int, values: [Float]) throws {
        guard layerCount >= 1 else { throw AnalysisError.tooFewLayers(found: layerCount, needed: 1) }
        guard headCount >= 1 else {
            throw AnalysisError.invalidParameter(name: "headCount", value: "\(headCount)", valid: "≥ 1")
        }
        guard tokenCount >= 1 else {
            throw AnalysisError.invalidParameter(name: "tokenCount", value: "\(tokenCount)", valid: "≥ 1")
        }
        let expected = layerCount * headCount * tokenCount * tokenCount
        guard values.count == expected else {
            throw AnalysisError.shapeMismatch(what: "attention [L, H, T, T]", expected: expected,
                                              found: values.count)
        }
        self.layerCount = layerCount
        self.headCount = headCount
        self.tokenCount = tokenCount
        self.values = values
    }

    /// Flat offset of row q of head h in layer index l (0-based, l = block l+1).
    @inlinable
    public func rowOffset(layer l: Int, head h: Int, query q: Int) -> Int {
        ((l * headCount + h) * tokenCount + q) * tokenCount
    }

    /// Row q of one head: `[T]` (entries after q are 0 for a causal model).
    public func row(layer l: Int, head h: Int, query q: Int) -> [Float] {
        let start = rowOffset(layer: l, head: h, query: q)
        return Array(values[start ..< start + tokenCount])
    }

    /// Throws `.queryPositionOutOfRange` unless `0 ≤ q < T`.
    public func checkQuery(_ q: Int) throws {
        guard q >= 0 && q < tokenCount else {
            throw AnalysisError.queryPositionOutOfRange(position: q, tokenCount: tokenCount)
        }
    }

    /// Throws `.headOutOfRange` unless `0 ≤ h < H`.
    public func checkHead(_ h: Int) throws {
        guard h >= 0 && h < headCount else {
            throw AnalysisError.headOutOfRange(head: h, headCount: headCount)
        }
    }
}
