import Foundation
import ModelFiles
import TensorCore
import Tokenizers

/// A model ready to run, with the tokenizer that belongs to it.
public struct LoadedModel: Sendable {
    public let model: any LanguageModel
    /// Nil when the folder has no tokenizer files (e.g. the OPT fixtures): pass token ids directly.
    public let tokenizer: (any TextTokenizer)?
    /// What to call the model in the UI: the folder, cache repository (`ORG/NAME`) or file name.
    public let displayName: String

    public init(model: any LanguageModel, tokenizer: (any TextTokenizer)?, displayName: String) {
        self.model = model
        self.tokenizer = tokenizer
        self.displayName = displayName
    }

    /// The tokenizer, for callers that need text.
    /// - Throws: `TransformerError.missingTokenizer` naming the model when it has none.
    public func requireTokenizer() throws -> any TextTokenizer {
        guard let tokenizer else { throw TransformerError.missingTokenizer(folder: displayName) }
        return tokenizer
    }
}

/// Opens a Hugging Face folder or a GGUF file as a `LoadedModel`.
public enum ModelLoader {
    /// - Throws: `TransformerError` for configuration problems, `ModelFilesError` for unreadable weights,
    ///   `TokenizerError` for a corrupt tokenizer.
    public static func load(_ location: ModelLocation) throws -> LoadedModel {
        _ = BLASKernelSelection.selected
        switch location {
        case .folder(let url): return try loadFolder(url)
        case .gguf(let url): return try loadGGUF(url)
        }
    }

    /// A Hugging Face folder whose weights the caller opened (e.g. a `PyTorchCheckpoint` next to a
    /// `model.safetensors`): `config.json` and tokenizer files still come from `folder`.
    public static func load(folder: URL, weights: any WeightSource) throws -> LoadedModel {
        try loadFolder(folder, weights: weights)
    }

    /// A Hugging Face folder: `config.json`, weights, and `tokenizer.json` or `vocab.json` + `merges.txt`.
    static func loadFolder(_ folder: URL, weights given: (any WeightSource)? = nil) throws -> LoadedModel {
        let configURL = folder.appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw TransformerError.missingConfig(folder: folder.path)
        }
        // Refuses a FIFO or a huge file before reading (a plain read would block or take gigabytes).
        let data = try RegularFile.read(configURL, limit: RegularFile.configLimit)
        let family = try ModelRegistry.family(
            modelType: try decode(ModelTypeField.self, data, configURL).modelType)
        let name = displayName(folder: folder)
        let model = try folderModel(
            family, config: data, configURL: configURL, weights: { try given ?? openWeights(folder: folder) },
            name: name)
        return LoadedModel(
            model: model, tokenizer: try folderTokenizer(folder, family: family), displayName: name)
    }

    /// A GGUF file: configuration from `<arch>.*` metadata, tokenizer from `tokenizer.ggml.*`.
    static func loadGGUF(_ url: URL) throws -> LoadedModel {
        try loadGGUF(GGUFFile(url: url), fileName: url.lastPathComponent)
    }

    /// A parsed GGUF file (the fuzz harness passes one parsed from memory); `fileName` names it in errors.
    static func loadGGUF(_ file: GGUFFile, fileName: String) throws -> LoadedModel {
        guard let arch = file.metadata[GGUFKey.architecture]?.string else {
            throw TransformerError.missingConfigField(field: GGUFKey.architecture, source: fileName)
        }
        let family = try ModelRegistry.family(ggufArchitecture: arch)
        let meta = GGUFMetadata(values: file.metadata, architecture: arch, source: fileName)
        let embedding = CheckpointNames.name(.tokenEmbedding, family: family, convention: .gguf)
        guard let vocab = file.info(embedding)?.shape.first else {
            throw TransformerError.missingTensor(name: embedding)
        }
        let name = (fileName as NSString).deletingPathExtension
        let model = try ggufModel(family, metadata: meta, file: file, vocabularySize: vocab, name: name)
        let tokenizer = try ggufTokenizerData(file.metadata).map { try BPETokenizer(gguf: $0) }
        // Everything the model needs is converted now; the few F32 views re-read their pages on use.
        file.file.releaseResidentPages()
        return LoadedModel(model: model, tokenizer: tokenizer, displayName: name)
    }

    /// `models--ORG--NAME/snapshots/REV` → `ORG/NAME`; any other folder → its name.
    static func displayName(folder: URL) -> String {
        let parts = folder.standardizedFileURL.pathComponents
        if let s = parts.lastIndex(of: "snapshots"), s > 0, parts[s - 1].hasPrefix("models--") {
            return String(parts[s - 1].dropFirst("models--".count)).replacingOccurrences(of: "--", with: "/")
        }
        return folder.lastPathComponent
    }

    private struct ModelTypeField: Decodable {
        let modelType: String
        enum CodingKeys: String, CodingKey { case modelType = "model_type" }
    }

    /// Decodes a config: a missing key becomes `missingConfigField`, anything else `invalidConfig`.
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ url: URL) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw TransformerError.missingConfigField(field: key.stringValue, source: url.path)
        } catch DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.last?.stringValue ?? "?"
            throw TransformerError.missingConfigField(field: field, source: url.path)
        } catch {
            throw TransformerError.invalidConfig(
                source: url.path, reason: ErrorText.clip(String(describing: error), 160))
        }
    }
}
