/// Everything that can go wrong reading a model's files; each message says what is wrong and what to do.
public enum ModelFilesError: Error, Equatable, CustomStringConvertible {
    /// No path, cache entry or bundled model matches the name.
    case modelNotFound(name: String, searched: [String])
    /// The folder has no weights file TokenGen reads.
    case noWeights(folder: String)
    /// A tensor a model family needs is not in the file.
    case missingTensor(name: String, file: String)
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .modelNotFound(let name, let searched):
            return "no model named “\(name)”: looked in \(searched.joined(separator: ", ")). "
                + "Give a folder with config.json, a .gguf file, or a name in the Hugging Face cache."
        case .noWeights(let folder):
            return "\(folder) has no model.safetensors, model.safetensors.index.json or pytorch_model.bin: "
                + "download the model's weights into it."
        case .missingTensor(let name, let file):
            return "tensor \(name) is missing from \(file): the file is not a complete checkpoint of this model."
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        }
    }
}
