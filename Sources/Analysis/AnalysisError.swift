import ModelFiles
import Tokenizers
import Transformer

/// Everything that can be wrong with the input of an analysis computation.
///
/// Each case carries the values the user (or the calling code) needs to fix the input;
/// `description` says what is wrong and what to do.
public enum AnalysisError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A log-prob or logits row has no entries.
    case emptyDistribution
    /// A row holds no finite value (all NaN or −∞), so it is not a distribution.
    case nonFiniteDistribution(count: Int)
    /// Rows that must share one vocabulary have different lengths.
    case vocabularySizeMismatch(expected: Int, found: Int, row: Int)
    /// A token id is outside `0 ..< vocabularySize`.
    case tokenOutOfRange(id: Int, vocabularySize: Int)
    /// A top-k request asks for fewer than one entry.
    case invalidTopK(k: Int)
    /// A per-layer series needs at least the embedding row and one block row.
    case tooFewLayers(found: Int, needed: Int)
    /// A flat tensor's element count does not match its declared shape.
    case shapeMismatch(what: String, expected: Int, found: Int)
    /// The query position is outside the prompt.
    case queryPositionOutOfRange(position: Int, tokenCount: Int)
    /// A head index is outside `0 ..< headCount`.
    case headOutOfRange(head: Int, headCount: Int)
    /// Clustering asks for more clusters than there are points (heads).
    case tooManyClusters(clusters: Int, points: Int)
    /// A clustering or embedding needs more points than it was given.
    case tooFewPoints(found: Int, needed: Int)
    /// Feature vectors of one set have different lengths.
    case featureLengthMismatch(expected: Int, found: Int, row: Int)
    /// A parameter of UMAP, k-means or trustworthiness is outside its valid range.
    case invalidParameter(name: String, value: String, valid: String)
    /// The contrast text is empty (or only whitespace).
    case emptyContrastText
    /// The tokenizer gives no tokens for the contrast text in either form.
    case contrastTextHasNoTokens(text: String)
    /// A selection's depth range is not a sub-range of `[0, 1]` with `d0 ≤ d1`.
    case selectionDepthOutOfRange(from: Double, to: Double)
    /// A selection's token range is not inside `0 ..< tokenCount` with `t0 ≤ t1`.
    case selectionTokensOutOfRange(from: Int, to: Int, tokenCount: Int)
    /// The selection's depth range holds no layer of the named model.
    case selectionHoldsNoLayer(model: String, from: Double, to: Double)
    /// Activation patching needs a corrupted prompt with as many tokens as the clean one.
    case patchLengthMismatch(clean: Int, corrupted: Int)
    /// The clean and corrupted runs give the same logit(answer) − logit(foil), so the patching metric is 0/0.
    case patchMetricUndefined(answer: String, foil: String)
    /// The model's family does not (yet) support attribution and patching.
    case decompositionUnsupported(family: String)
    /// Loading, tokenizing or running a model failed while a view was computed.
    case model(TransformerError)
    /// A model's files could not be read while a view was computed.
    case modelFiles(ModelFilesError)
    /// The tokenizer failed while a view was computed.
    case tokenizer(TokenizerError)
    /// The comparison model failed (the primary analysis stays intact); carries why.
    indirect case comparisonModel(AnalysisError)
    /// A failure outside the modules above (a bug): carries its text.
    case unexpected(String)

    public var description: String {
        switch self {
        case .patchLengthMismatch(let clean, let corrupted):
            return "the corrupted prompt has \(corrupted) tokens but the prompt has \(clean): "
                + "activation patching needs the same number of tokens; change a word for one of the same length"
        case .patchMetricUndefined(let answer, let foil):
            return "the prompt and the corrupted prompt give the same logit(\(answer)) − logit(\(foil)), "
                + "so patching has nothing to restore: pick other contrast tokens (--contrast ANSWER FOIL) "
                + "or a corrupted prompt that changes the prediction"
        case .decompositionUnsupported(let family):
            return "direct logit attribution and patching are not available for \(family) models yet: "
                + "use a GPT-2, OPT or Llama-family model"
        case .model(let error): return "\(error)"
        case .modelFiles(let error): return "\(error)"
        case .tokenizer(let error): return "\(error)"
        case .comparisonModel(let error): return "comparison model: \(error)"
        case .unexpected(let text):
            return "\(text): this should not happen; please report it with the prompt and the model"

        case .emptyDistribution:
            return "the distribution row is empty: pass the full log-prob row of length V"
        case .nonFiniteDistribution(let count):
            return "none of the \(count) values is finite: check the model's output for NaN or −∞"
        case .vocabularySizeMismatch(let expected, let found, let row):
            return "row \(row) has \(found) entries but the others have \(expected): "
                + "pass rows of one vocabulary"
        case .tokenOutOfRange(let id, let vocabularySize):
            return "token id \(id) is outside the vocabulary (0..<\(vocabularySize)): "
                + "choose an id from this model's tokenizer"
        case .invalidTopK(let k):
            return "top-k needs k ≥ 1, got \(k): ask for at least one token"
        case .tooFewLayers(let found, let needed):
            return "got \(found) layer rows, need at least \(needed) (embedding + blocks): "
                + "pass the lens of every layer 0…L"
        case .shapeMismatch(let what, let expected, let found):
            return "\(what) has \(found) values but its shape needs \(expected): "
                + "check the layer, head and token counts"
        case .queryPositionOutOfRange(let position, let tokenCount):
            return "query position \(position) is outside the prompt (0..<\(tokenCount)): "
                + "pick a token of the prompt"
        case .headOutOfRange(let head, let headCount):
            return "head \(head) does not exist (the model has heads 0..<\(headCount)): pick another head"
        case .tooManyClusters(let clusters, let points):
            return "\(clusters) clusters asked for \(points) heads: choose k ≤ \(points)"
        case .tooFewPoints(let found, let needed):
            return "got \(found) points, need at least \(needed): use a model with more heads "
                + "or fewer neighbours"
        case .featureLengthMismatch(let expected, let found, let row):
            return "feature vector \(row) has \(found) values, the others \(expected): "
                + "build all features with the same option"
        case .invalidParameter(let name, let value, let valid):
            return "\(name) = \(value) is invalid: it must be \(valid)"
        case .emptyContrastText:
            return "the contrast token is empty: type a word or token"
        case .contrastTextHasNoTokens(let text):
            return "the tokenizer gives no token for \"\(text)\": type another word"
        case .selectionDepthOutOfRange(let from, let to):
            return "depth range [\(from), \(to)] is not inside [0, 1] in increasing order: "
                + "select a region inside the chart"
        case .selectionTokensOutOfRange(let from, let to, let tokenCount):
            return "token range [\(from), \(to)] is outside the prompt (0..<\(tokenCount)) or reversed: "
                + "select tokens of the prompt"
        case .selectionHoldsNoLayer(let model, let from, let to):
            return "depth range [\(from), \(to)] holds no layer of \(model): select a wider depth range"
        }
    }
}
