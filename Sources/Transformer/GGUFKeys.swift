import ModelFiles

/// GGUF metadata keys TokenGen reads, in one table; per-architecture keys are `<arch>.<suffix>`
/// (e.g. `llama.block_count`, `gpt2.embedding_length`), as llama.cpp's `LLM_KV_NAMES`.
enum GGUFKey: String, Sendable, CaseIterable {
    case blockCount = "block_count"
    case embeddingLength = "embedding_length"
    case feedForwardLength = "feed_forward_length"
    case contextLength = "context_length"
    case headCount = "attention.head_count"
    case kvHeadCount = "attention.head_count_kv"
    case keyLength = "attention.key_length"
    case rmsEpsilon = "attention.layer_norm_rms_epsilon"
    case layerNormEpsilon = "attention.layer_norm_epsilon"
    case ropeFreqBase = "rope.freq_base"
    case vocabSize = "vocab_size"
    /// Rotated dimensions per head (partial rotary: Phi-3, GPT-NeoX).
    case ropeDimensionCount = "rope.dimension_count"
    case ropeScalingType = "rope.scaling.type"
    case ropeScalingFactor = "rope.scaling.factor"
    /// Gemma 3: RoPE base of the sliding-window layers.
    case ropeFreqBaseSWA = "rope.freq_base_swa"
    case slidingWindow = "attention.sliding_window"
    /// Gemma 3: layer il slides iff `il % pattern < pattern − 1`.
    case slidingWindowPattern = "attention.sliding_window_pattern"
    case attnLogitSoftcapping = "attn_logit_softcapping"
    case finalLogitSoftcapping = "final_logit_softcapping"
    /// GPT-NeoX.
    case useParallelResidual = "use_parallel_residual"

    /// The full key for an architecture.
    func key(_ architecture: String) -> String { "\(architecture).\(rawValue)" }

    /// Global keys.
    static let architecture = "general.architecture"
    static let name = "general.name"
}

/// Typed access to a GGUF file's metadata for one architecture, with errors that name the missing key.
struct GGUFMetadata: Sendable {
    let values: [String: GGUFValue]
    let architecture: String
    /// Shown in errors, e.g. the file name.
    let source: String

    func int(_ key: GGUFKey) throws -> Int {
        guard let v = optionalInt(key) else {
            throw TransformerError.missingConfigField(field: key.key(architecture), source: source)
        }
        return v
    }

    func optionalInt(_ key: GGUFKey) -> Int? { values[key.key(architecture)]?.int }

    func double(_ key: GGUFKey) throws -> Double {
        guard let v = optionalDouble(key) else {
            throw TransformerError.missingConfigField(field: key.key(architecture), source: source)
        }
        return v
    }

    func optionalDouble(_ key: GGUFKey) -> Double? { values[key.key(architecture)]?.double }

    func optionalString(_ key: GGUFKey) -> String? { values[key.key(architecture)]?.string }

    func optionalBool(_ key: GGUFKey) -> Bool? { values[key.key(architecture)]?.bool }
}
