/// From a checkpoint's declared architecture to the family that runs it.
public enum ModelRegistry {
    /// `config.json`'s `model_type` values TokenGen runs.
    public static let modelTypes: [String: ModelFamily] = [
        "gpt2": .gpt2, "opt": .opt, "llama": .llama,
    ]

    /// GGUF `general.architecture` values TokenGen runs.
    public static let ggufArchitectures: [String: ModelFamily] = [
        "gpt2": .gpt2, "llama": .llama,
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
