// The per-family facts behind DecomposableModel: final norm form and attention output projection.
import TensorCore

extension GPT2Model.Workspace: AttentionWorkspace {
    var weightedValuesPointer: UnsafePointer<Float> { UnsafePointer(a.p) }
}

extension GPT2Model: DecompositionParts, DecomposableModel {
    var finalNormForm: FinalNormForm {
        FinalNormForm(kind: .layerNorm(weight: lnF.p, bias: lnFBias.p, eps: config.eps), projectOut: nil)
    }
    func outputProjection(layer: Int) -> OutputProjection {
        OutputProjection(weight: blocks[layer].attnOut.p, bias: blocks[layer].attnOutBias.p, postNorm: nil)
    }
    var attentionWidth: Int { config.width }
}

extension OPTModel.Workspace: AttentionWorkspace {
    var weightedValuesPointer: UnsafePointer<Float> { UnsafePointer(a.p) }
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

extension LlamaModel.Workspace: AttentionWorkspace {
    var weightedValuesPointer: UnsafePointer<Float> { UnsafePointer(a.p) }
}

extension LlamaModel: DecompositionParts, DecomposableModel {
    var finalNormForm: FinalNormForm {
        FinalNormForm(kind: .rmsNorm(weight: norm.p, eps: config.eps, plusOne: false), projectOut: nil)
    }
    func outputProjection(layer: Int) -> OutputProjection {
        OutputProjection(weight: blocks[layer].attnOut.p, bias: nil, postNorm: nil)
    }
    var attentionWidth: Int { config.headCount * config.resolvedHeadDim }
}
