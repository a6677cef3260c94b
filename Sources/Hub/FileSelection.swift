/// Which files of a repository a plain `tokengen download REPO` fetches: what TokenGen reads, nothing else.
public enum FileSelection {
    /// Configuration and tokenizer files, taken when the repository has them.
    public static let supportFiles = [
        "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "vocab.json", "merges.txt", "tokenizer.model",
    ]

    /// The default files: the support files present, plus every `*.safetensors` (and
    /// `model.safetensors.index.json`) when there are any, else `pytorch_model.bin` (and its index).
    /// Only files at the repository's top level count (sub-folders hold other formats, e.g. `onnx/`).
    /// - Throws: `HubError.ggufOnly` when the repository has only GGUF weights,
    ///   `HubError.noWeights` when it has none at all.
    public static func defaultFiles(of info: RepoInfo, repo: String) throws -> [RemoteFile] {
        let top = info.files.filter { !$0.name.contains("/") }
        let names = Set(top.map(\.name))
        let safetensors = top.filter { $0.name.hasSuffix(".safetensors") }
        var weights: [String]
        if !safetensors.isEmpty {
            weights = safetensors.map(\.name).sorted()
            if names.contains("model.safetensors.index.json") {
                weights.append("model.safetensors.index.json")
            }
        } else if names.contains("pytorch_model.bin") || names.contains("pytorch_model.bin.index.json") {
            let shards = top.map(\.name).filter { $0.hasPrefix("pytorch_model-") && $0.hasSuffix(".bin") }
            weights = (["pytorch_model.bin", "pytorch_model.bin.index.json"] + shards.sorted()).filter {
                names.contains($0)
            }
        } else {
            let ggufs = top.filter { $0.name.lowercased().hasSuffix(".gguf") }
            if !ggufs.isEmpty { throw HubError.ggufOnly(repo: repo, files: ggufs) }
            throw HubError.noWeights(repo: repo, files: top.map(\.name))
        }
        let wanted = supportFiles.filter { names.contains($0) } + weights
        return wanted.compactMap { name in top.first { $0.name == name } }
    }

    /// The total announced size of `files` (files without a size count as 0).
    public static func totalSize(_ files: [RemoteFile]) -> Int64 { files.reduce(0) { $0 + ($1.size ?? 0) } }
}
