/// Everything that can go wrong while loading or running a model, with what the user can do about it.
public enum TransformerError: Error, Equatable, CustomStringConvertible {
    /// The folder has no `config.json`.
    case missingConfig(folder: String)
    /// `config.json` (or the GGUF metadata) lacks a field the family needs.
    case missingConfigField(field: String, source: String)
    /// `config.json` is not valid JSON or a field has the wrong type.
    case invalidConfig(source: String, reason: String)
    /// The `model_type` / `general.architecture` is not one of the supported families.
    case unsupportedArchitecture(String)
    /// A tensor the family needs is not in the weight file.
    case missingTensor(name: String)
    /// A tensor has a different shape than the config implies.
    case tensorShapeMismatch(name: String, expected: [Int], found: [Int])
    /// The folder has no tokenizer files and the caller needs a tokenizer.
    case missingTokenizer(folder: String)
    /// The prompt has no tokens.
    case emptyPrompt
    /// The prompt is longer than the model's context.
    case promptTooLong(tokens: Int, contextLength: Int)
    /// A token id is outside the vocabulary.
    case tokenOutOfVocabulary(id: Int, vocabularySize: Int)
    /// Lens rows are not a whole number of `[D]` rows.
    case lensShapeMismatch(expectedWidth: Int, found: [Int])
    /// The run was cancelled between two blocks (a newer request replaced it).
    case cancelled(afterLayer: Int)
    /// A layer index outside the model (depth views: attribution, patching).
    case layerOutOfRange(layer: Int, layers: Int)

    public var description: String {
        switch self {
        case .missingConfig(let folder):
            "\(folder) has no config.json: point TokenGen at a Hugging Face model folder or a .gguf file"
        case .missingConfigField(let field, let source):
            "\(source) has no \"\(field)\": the file is incomplete or not a supported model; "
                + "re-download it or add the field"
        case .invalidConfig(let source, let reason):
            "\(source) cannot be read (\(reason)): check that it is the model's original config"
        case .unsupportedArchitecture(let name):
            "model type \"\(name)\" is not supported: TokenGen runs GPT-2, OPT and Llama-family models"
        case .missingTensor(let name):
            "the weights have no tensor \"\(name)\": the file is incomplete or belongs to another model"
        case .tensorShapeMismatch(let name, let expected, let found):
            "tensor \"\(name)\" has shape \(found) but the config implies \(expected): "
                + "the weights and config.json belong to different models"
        case .missingTokenizer(let folder):
            "\(folder) has no tokenizer.json (nor vocab.json + merges.txt): add the tokenizer files "
                + "or enter token ids directly"
        case .emptyPrompt:
            "the prompt is empty: type at least one token"
        case .promptTooLong(let tokens, let context):
            "the prompt has \(tokens) tokens but the model's context holds \(context): shorten it"
        case .tokenOutOfVocabulary(let id, let size):
            "token id \(id) is outside the vocabulary (0..<\(size)): use ids from this model's tokenizer"
        case .lensShapeMismatch(let width, let found):
            "lens rows must be [N, \(width)] but have shape \(found)"
        case .cancelled(let layer):
            "the run was cancelled after layer \(layer)"
        case .layerOutOfRange(let layer, let layers):
            "layer \(layer) is outside the model's 0…\(layers): pick a layer the model has"
        }
    }
}
