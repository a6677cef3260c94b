/// The models the window's "Get model…" dialog offers: the original TokenGen's four, plus small models
/// of the families people study. Whether TokenGen runs one is not decided here but by the caller's list of
/// supported `model_type`s (the Transformer registry), so a family added there becomes available here.
public struct CatalogEntry: Sendable, Equatable {
    public var repo: String
    /// The family as people call it, e.g. "GPT-2".
    public var family: String
    /// The `model_type` its config.json declares (checked again against the Hub before any download).
    public var modelType: String

    public init(repo: String, family: String, modelType: String) {
        self.repo = repo
        self.family = family
        self.modelType = modelType
    }
}

public enum ModelCatalog {
    public static let entries: [CatalogEntry] = [
        .init(repo: "openai-community/gpt2", family: "GPT-2", modelType: "gpt2"),
        .init(repo: "openai-community/gpt2-medium", family: "GPT-2", modelType: "gpt2"),
        .init(repo: "distilbert/distilgpt2", family: "GPT-2", modelType: "gpt2"),
        .init(repo: "facebook/opt-1.3b", family: "OPT", modelType: "opt"),
        .init(repo: "HuggingFaceTB/SmolLM2-135M-Instruct", family: "Llama (SmolLM2)", modelType: "llama"),
        .init(repo: "HuggingFaceTB/SmolLM2-360M-Instruct", family: "Llama (SmolLM2)", modelType: "llama"),
        .init(repo: "EleutherAI/pythia-70m", family: "GPT-NeoX (Pythia)", modelType: "gpt_neox"),
        .init(repo: "EleutherAI/pythia-160m", family: "GPT-NeoX (Pythia)", modelType: "gpt_neox"),
        .init(repo: "Qwen/Qwen2.5-0.5B", family: "Qwen 2", modelType: "qwen2"),
        .init(repo: "google/gemma-3-270m", family: "Gemma 3", modelType: "gemma3_text"),
        .init(repo: "TinyLlama/TinyLlama-1.1B-Chat-v1.0", family: "Llama", modelType: "llama"),
    ]

    /// Why TokenGen cannot run a model of `modelType`, or nil when it can.
    public static func unsupportedReason(modelType: String, supported: Set<String>) -> String? {
        guard !supported.contains(modelType) else { return nil }
        return
            "TokenGen cannot run “\(modelType)” models yet (it runs \(supported.sorted().joined(separator: ", ")))"
    }

    /// One catalog line: family, download size (of the default files) and whether it is cached.
    public static func summary(family: String, info: RepoInfo?, repo: String, cached: Bool) -> String {
        var parts = [family]
        if let info, let files = try? FileSelection.defaultFiles(of: info, repo: repo) {
            parts.append(ByteCount.format(FileSelection.totalSize(files)))
        } else if info == nil {
            parts.append(cached ? "size unknown" : "size unknown (Hub not reached)")
        }
        if info?.gated == true { parts.append("gated: needs HF_TOKEN") }
        parts.append(cached ? "cached" : "not downloaded")
        return parts.joined(separator: " · ")
    }
}
