// Gemma 2, as in HF modeling_gemma2.py: embedding × √D, RMSNorm x/rms·(1 + w) in float32, four norms per
// block, GeGLU (tanh), `query_pre_attn_scalar`, attention logit soft-capping, sliding-window layers
// alternating with global ones, final logit soft-capping (included in the lens); GGUF names as
// llama.cpp's gemma2 ("blk.%d.post_attention_norm", norms stored as 1 + w).
import Foundation
import ModelFiles

/// Gemma 2's `config.json`: the shared decoder fields plus Gemma's scaling and soft-capping.
public struct Gemma2Config: Decodable, Sendable, Equatable {
    public var decoder: DecoderConfig
    public var queryPreAttnScalar: Double?
    public var attnLogitSoftcapping: Double?
    public var finalLogitSoftcapping: Double?
    public var hiddenActivation: String?

    enum CodingKeys: String, CodingKey {
        case queryPreAttnScalar = "query_pre_attn_scalar", attnLogitSoftcapping = "attn_logit_softcapping"
        case finalLogitSoftcapping = "final_logit_softcapping", hiddenActivation = "hidden_activation"
    }

    public init(from decoder: any Decoder) throws {
        self.decoder = try DecoderConfig(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        queryPreAttnScalar = try c.decodeIfPresent(Double.self, forKey: .queryPreAttnScalar)
        attnLogitSoftcapping = try c.decodeIfPresent(Double.self, forKey: .attnLogitSoftcapping)
        finalLogitSoftcapping = try c.decodeIfPresent(Double.self, forKey: .finalLogitSoftcapping)
        hiddenActivation = try c.decodeIfPresent(String.self, forKey: .hiddenActivation)
    }

    /// Reads Gemma metadata of a GGUF file (`gemma2.*` or `gemma3.*`). llama.cpp scales queries by
    /// `key_length^-½`, except for the 27B models (by hidden / heads), which it knows by their depth.
    init(gguf m: GGUFMetadata, vocabularySize: Int, layersOf27B: Int) throws {
        decoder = try DecoderConfig(gguf: m, vocabularySize: vocabularySize)
        decoder.slidingWindow = m.optionalInt(.slidingWindow)
        let d = decoder
        let is27B = d.layerCount == layersOf27B
        // Zero heads (refused by the validation that follows) must not divide by zero here.
        let perHead = d.width / max(d.headCount, 1)
        queryPreAttnScalar = Double(is27B ? perHead : d.headDim ?? perHead)
        attnLogitSoftcapping = m.optionalDouble(.attnLogitSoftcapping)
        finalLogitSoftcapping = m.optionalDouble(.finalLogitSoftcapping)
    }

    /// What both Gemma generations share; `layer_types` default to sliding, full, sliding, … .
    func layout(source: String) throws -> DecoderLayout {
        var layout = try decoder.baseLayout(tiedByDefault: true, source: source)
        layout.activation = try DecoderConfig.activation(
            hiddenActivation ?? decoder.hiddenAct ?? "gelu_pytorch_tanh", source: source)
        // Python's `hidden_size**0.5` rounded to float32, the dtype TokenGen runs in.
        layout.embeddingScale = Float(Double(layout.width).squareRoot())
        layout.normAddsOne = true
        layout.sandwichNorms = true
        layout.attentionScale = Float(pow(queryPreAttnScalar ?? Double(layout.headDim), -0.5))
        layout.attentionSoftcap = attnLogitSoftcapping.map { Float($0) }
        layout.finalSoftcap = finalLogitSoftcapping.map { Float($0) }
        let alternating = (0..<layout.layerCount).map { $0 % 2 == 0 ? LayerKind.sliding : .full }
        layout.applyLayerKinds(decoder.layerTypes ?? alternating, window: decoder.slidingWindow)
        return layout
    }
}
