/// What a Llama-like family's decoder (RMSNorm, RoPE, gated MLP) does differently from Llama's, as
/// read from its config: every family file that runs on `DecoderModel` fills one of these.
///
/// Legend: L layers, H heads, KV key/value heads, d head width, D width, F MLP width, V vocabulary.
public struct DecoderLayout: Sendable, Equatable {
    /// The gated MLP's activation on `gate_proj`.
    public enum Activation: Sendable, Equatable {
        /// SwiGLU (`hidden_act: "silu"`).
        case silu
        /// GeGLU with the tanh GELU (Gemma's `gelu_pytorch_tanh`).
        case geluTanh
    }

    /// One layer's attention: RoPE base and scaling, and the sliding window if the layer has one.
    public struct LayerAttention: Sendable, Hashable {
        public var ropeTheta: Double
        public var ropeScaling: RopeScaling
        /// Key j is visible from query i iff `0 ≤ i − j < window`; nil = full causal.
        public var window: Int?
    }

    public var width: Int  // D
    public var ffnWidth: Int  // F
    public var heads: Int  // H
    public var kvHeads: Int  // KV
    public var headDim: Int  // d (Qwen3, Gemma: not D / H)
    /// Dimensions of each head that RoPE turns (d, or fewer under partial rotary).
    public var rotaryDims: Int
    public var vocabularySize: Int  // V
    public var contextLength: Int
    public var eps: Float
    public var activation: Activation
    /// `[L]`
    public var layers: [LayerAttention]
    /// Multiplies `q·k` (1/√d, or Gemma's `query_pre_attn_scalar^-½`).
    public var attentionScale: Float
    /// Gemma 2's `attn_logit_softcapping`.
    public var attentionSoftcap: Float?
    /// Gemma 2's `final_logit_softcapping`, applied to the logits and so included in the lens.
    public var finalSoftcap: Float?
    /// Gemma: the embedding output is multiplied by √D (in float32, the dtype TokenGen runs in).
    public var embeddingScale: Float?
    /// Gemma's RMSNorm `x/rms · (1 + w)`: Hugging Face stores w, so 1 is added on load.
    public var normAddsOne: Bool
    /// Gemma: norms after attention and after the MLP as well as before them (four per block).
    public var sandwichNorms: Bool
    /// Qwen3, Gemma 3: RMSNorm over each head's d dimensions of q and k, before RoPE.
    public var qkNorm: Bool
    /// Phi-3: one `qkv_proj` `[q; k; v]` and one `gate_up_proj` `[gate; up]`.
    public var fusedProjections: Bool
    /// False only when `tie_word_embeddings` is false and the file has an output matrix.
    public var tiedEmbeddings: Bool
    /// GGUF `llama`: Q/K rows are permuted for llama.cpp's interleaved RoPE and are un-permuted on load.
    public var qkPermutedForGGUF: Bool

    /// L
    public var layerCount: Int { layers.count }

    /// Plain Llama settings for `layerCount` layers: every family starts from here and changes its part.
    init(
        width: Int, ffnWidth: Int, layerCount: Int, heads: Int, kvHeads: Int, headDim: Int,
        vocabularySize: Int, contextLength: Int, eps: Double, ropeTheta: Double
    ) {
        self.width = width
        self.ffnWidth = ffnWidth
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.rotaryDims = headDim
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.eps = Float(eps)
        self.activation = .silu
        self.layers = Array(
            repeating: LayerAttention(ropeTheta: ropeTheta, ropeScaling: .none, window: nil),
            count: min(max(layerCount, 0), ModelDimensions.Bounds.layers + 1))  // validated before; never 2⁶²
        self.attentionScale = 1 / Float(headDim).squareRoot()
        self.attentionSoftcap = nil
        self.finalSoftcap = nil
        self.embeddingScale = nil
        self.normAddsOne = false
        self.sandwichNorms = false
        self.qkNorm = false
        self.fusedProjections = false
        self.tiedEmbeddings = true
        self.qkPermutedForGGUF = false
    }

    /// Sets a sliding window on the layers whose kind is `.sliding`.
    mutating func applyLayerKinds(_ kinds: [LayerKind], window: Int?) {
        for (l, kind) in kinds.enumerated() where l < layers.count {
            layers[l].window = kind == .sliding ? window : nil
        }
    }
}
