import Foundation
import ModelFiles

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
    /// The config asks for a RoPE scaling TokenGen does not compute (`llama3`, `yarn`, `longrope`, …).
    case unsupportedRoPE(type: String, source: String)
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
    /// A position outside the run's prompt (depth views: `resid_mid` of one position).
    case positionOutOfRange(position: Int, tokens: Int)
    /// A size in the config (layers, width, heads, epsilon …) breaks a rule every model follows;
    /// `value` is the offending value as text and `rule` the rule (see `ModelDimensions`).
    case invalidDimension(source: String, field: String, value: String, rule: String)
    /// The model's float32 weights would need more memory than the machine has.
    case modelTooLarge(source: String, estimatedBytes: UInt64, availableBytes: UInt64)
    /// One forward pass over this many tokens would need more memory than the machine has.
    case runTooLarge(tokens: Int, estimatedBytes: UInt64, availableBytes: UInt64)

    public var description: String { ErrorText.clip(message) }

    private var message: String {
        switch self {
        case .missingConfig(let folder):
            "\(folder) has no config.json: point TokenGen at a Hugging Face model folder or a .gguf file"
        case .missingConfigField(let field, let source):
            "\(source) has no \"\(field)\": the file is incomplete or not a supported model; "
                + "re-download it or add the field"
        case .invalidConfig(let source, let reason):
            "\(source) cannot be read (\(reason)): check that it is the model's original config"
        case .unsupportedArchitecture(let name):
            "model type \"\(name)\" is not supported: TokenGen runs GPT-2, OPT, Llama, Mistral, "
                + "GPT-NeoX (Pythia), Qwen2, Qwen3, Phi-3, Gemma 2 and Gemma 3 (text) models"
        case .unsupportedRoPE(let type, let source):
            "\(source) asks for RoPE scaling \"\(type)\", which TokenGen does not compute "
                + "(only plain and \"linear\" RoPE): use a checkpoint without rope_scaling"
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
        case .positionOutOfRange(let position, let tokens):
            "position \(position) is outside the prompt's 0…\(tokens - 1): pick a position of the prompt"
        case .invalidDimension(let source, let field, let value, let rule):
            "\(ErrorText.clip(source, 120)): the \(field) is \(ErrorText.clip(value, 40)) but \(rule): "
                + "the config is corrupt or not a real model's — use the model's original files"
        case .modelTooLarge(let source, let estimated, let available):
            "\(ErrorText.clip(source, 120)) would need about \(Self.gigabytes(estimated)) of memory for its "
                + "float32 weights, but this machine has \(Self.gigabytes(available)): use a smaller model"
        case .runTooLarge(let tokens, let estimated, let available):
            "a run over \(tokens) tokens would need about \(Self.gigabytes(estimated)) of memory, but this "
                + "machine has \(Self.gigabytes(available)): use a shorter prompt"
        }
    }

    /// "12.3 GB", or "more than can be counted" for an overflowed estimate.
    static func gigabytes(_ bytes: UInt64) -> String {
        bytes == .max ? "more than can be counted" : String(format: "%.1f GB", Double(bytes) / 1e9)
    }
}
