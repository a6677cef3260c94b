// The per-family facts behind DecomposableModel: final norm form and attention output projection.
import TensorCore

extension GPT2Model: DecompositionParts, DecomposableModel {
    var finalNormForm: FinalNormForm {
        FinalNormForm(kind: .layerNorm(weight: lnF.p, bias: lnFBias.p, eps: config.eps), projectOut: nil)
    }
    func outputProjection(layer: Int) -> OutputProjection {
        OutputProjection(weight: blocks[layer].attnOut.p, bias: blocks[layer].attnOutBias.p, postNorm: nil)
    }
    var attentionWidth: Int { config.width }
}

extension OPTModel: DecompositionParts, DecomposableModel {
    var finalNormForm: FinalNormForm {
        let kind: FinalNormForm.Kind
        if let finalLN, let finalLNBias {
            kind = .layerNorm(weight: finalLN.p, bias: finalLNBias.p, eps: Self.eps)
        } else {
            kind = .identity
        }
        return FinalNormForm(kind: kind, projectOut: projectOut?.p)
    }
    func outputProjection(layer: Int) -> OutputProjection {
        OutputProjection(
            weight: blocks[layer].attnOut.p, bias: blocks[layer].attnOutBias.p, postNorm: nil,
            additive: config.preLayerNorm)
    }
    var attentionWidth: Int { config.width }
}

/// Mistral, Qwen2, Qwen3, Phi-3, Gemma 2, Gemma 3. Gemma's norm after the output projection is frozen at
/// the block's own attention output, so heads stay additive.
extension DecoderModel: DecompositionParts, DecomposableModel {
    var finalNormForm: FinalNormForm {
        FinalNormForm(kind: .rmsNorm(weight: norm.p, eps: layout.eps), projectOut: nil)
    }
    func outputProjection(layer: Int) -> OutputProjection {
        let b = blocks[layer]
        return OutputProjection(
            weight: b.attnOut.p, bias: b.attnOutBias?.p, postNorm: b.postAttnNorm.map { ($0.p, layout.eps) })
    }
    var attentionWidth: Int { layout.heads * layout.headDim }
}

/// Pythia: the parallel residual makes `resid_mid` = input + attention only (the MLP reads the input).
extension GPTNeoXModel: DecompositionParts, DecomposableModel {
    var finalNormForm: FinalNormForm {
        FinalNormForm(kind: .layerNorm(weight: lnF.p, bias: lnFBias.p, eps: config.eps), projectOut: nil)
    }
    func outputProjection(layer: Int) -> OutputProjection {
        OutputProjection(weight: blocks[layer].attnOut.p, bias: blocks[layer].attnOutBias.p, postNorm: nil)
    }
    var attentionWidth: Int { config.width }
}
