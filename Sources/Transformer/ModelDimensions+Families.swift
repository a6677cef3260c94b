/// The `ModelDimensions` of each config type, and the checks of a decoder layout beyond them.
///
/// Every family validates its sizes before it allocates anything: `DecoderConfig.baseLayout` (Llama,
/// Mistral, Qwen 2/3, Phi-3, Gemma 2/3) before the layout's per-layer array exists, `DecoderModel` again on
/// the finished layout (partial rotary, windows, RoPE bases), GPT-2, OPT and GPT-NeoX in their inits.
extension DecoderConfig {
    /// The sizes to validate; without `head_dim` the width must split over the heads.
    public var dimensions: ModelDimensions {
        ModelDimensions(
            layers: layerCount, width: width, heads: headCount, kvHeads: kvHeadCount ?? headCount,
            headDim: headDim ?? (headCount > 0 ? width / headCount : 0), ffn: ffnWidth,
            vocabulary: vocabularySize, context: contextLength ?? 2048, epsilons: [rmsNormEps ?? 1e-6],
            widthDividesByHeads: headDim == nil, ffnMatrices: 3, tiedEmbeddings: tieWordEmbeddings ?? false)
    }
}

extension DecoderLayout {
    /// The finished layout's sizes (after a family adjusted them).
    var dimensions: ModelDimensions {
        ModelDimensions(
            layers: layerCount, width: width, heads: heads, kvHeads: kvHeads, headDim: headDim, ffn: ffnWidth,
            vocabulary: vocabularySize, context: contextLength, epsilons: [Double(eps)],
            widthDividesByHeads: false, ffnMatrices: 3, tiedEmbeddings: tiedEmbeddings)
    }

    /// Sizes, rotary dimensions (even, at most the head size), windows (at least 1) and RoPE bases
    /// (finite, above 1).
    /// - Throws: `TransformerError.invalidDimension`, `.modelTooLarge`.
    func validate(source: String) throws(TransformerError) {
        try dimensions.validate(source: source)
        guard rotaryDims >= 0, rotaryDims <= headDim, rotaryDims % 2 == 0 else {
            throw .invalidDimension(
                source: source, field: "rotary dimensions", value: "\(rotaryDims)",
                rule: "must be even and at most the head size \(headDim)")
        }
        for layer in layers {
            if let window = layer.window, window < 1 {
                throw .invalidDimension(
                    source: source, field: "sliding window", value: "\(window)", rule: "must be at least 1")
            }
            guard layer.ropeTheta.isFinite, layer.ropeTheta > 1 else {
                throw .invalidDimension(
                    source: source, field: "RoPE base", value: "\(layer.ropeTheta)",
                    rule: "must be a finite number above 1, like 10000")
            }
        }
        guard attentionScale.isFinite, attentionScale > 0 else {
            throw .invalidDimension(
                source: source, field: "attention scale", value: "\(attentionScale)",
                rule: "must be finite and positive")
        }
    }
}

extension GPTNeoXConfig {
    /// The sizes to validate (learned nothing per position; partial rotary checked separately).
    public var dimensions: ModelDimensions {
        ModelDimensions(
            layers: layerCount, width: width, heads: headCount, kvHeads: headCount, headDim: headDim,
            ffn: ffnWidth, vocabulary: vocabularySize, context: contextLength ?? 2048,
            epsilons: [layerNormEps ?? 1e-5], widthDividesByHeads: true, tiedEmbeddings: false)
    }

    /// Sizes, then the rotary dimensions and RoPE base.
    func validate(source: String) throws(TransformerError) {
        try dimensions.validate(source: source)
        if rotaryDimsOverride == nil {
            _ = try RotaryFraction.checkedWidth(headDim: headDim, fraction: rotaryFraction, source: source)
        }
        guard rotaryDims >= 0, rotaryDims <= headDim, rotaryDims % 2 == 0 else {
            throw .invalidDimension(
                source: source, field: "rotary dimensions", value: "\(rotaryDims)",
                rule: "must be even and at most the head size \(headDim)")
        }
        guard theta.isFinite, theta > 1 else {
            throw .invalidDimension(
                source: source, field: "RoPE base", value: "\(theta)", rule: "must be a finite number above 1")
        }
    }
}
