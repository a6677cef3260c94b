/// From a checkpoint's declared architecture to the family that runs it.
public enum ModelRegistry {
    /// `config.json`'s `model_type` values TokenGen runs.
    public static let modelTypes: [String: ModelFamily] = [
        "gpt2": .gpt2, "opt": .opt, "llama": .llama, "gpt_neox": .gptNeoX, "qwen2": .qwen2, "qwen3": .qwen3,
        "gemma2": .gemma2, "gemma3_text": .gemma3, "phi3": .phi3, "mistral": .mistral,
    ]

    /// GGUF `general.architecture` values TokenGen runs.
    public static let ggufArchitectures: [String: ModelFamily] = [
        "gpt2": .gpt2, "llama": .llama, "gptneox": .gptNeoX, "qwen2": .qwen2, "qwen3": .qwen3,
        "gemma2": .gemma2, "gemma3": .gemma3, "phi3": .phi3,
    ]

    /// - Throws: `TransformerError.unsupportedArchitecture`
    public static func family(modelType: String) throws -> ModelFamily {
        guard let f = modelTypes[modelType] else { throw TransformerError.unsupportedArchitecture(modelType) }
        return f
    }

    /// - Throws: `TransformerError.unsupportedArchitecture`
    public static func family(ggufArchitecture: String) throws -> ModelFamily {
        guard let f = ggufArchitectures[ggufArchitecture] else {
            throw TransformerError.unsupportedArchitecture(ggufArchitecture)
        }
        return f
    }
}
