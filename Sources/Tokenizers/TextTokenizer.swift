/// Turns text into token ids and back, the way the model was trained.
///
/// Small on purpose: the transformer and the UI need ids, text, and a readable form of any one token.
public protocol TextTokenizer: Sendable {
    /// Number of ids the tokenizer can produce (including added tokens).
    var vocabularySize: Int { get }
    /// The id `encode` puts first, or nil when the model adds no BOS (GPT-2, SmolLM2).
    var prependedBOSID: Int? { get }
    /// Ids for `text`, with the model's BOS handling applied.
    /// - Throws: `TokenizerError` when the text cannot be encoded.
    func encode(_ text: String) throws -> [Int]
    /// The text the ids stand for; invalid UTF-8 across token boundaries is replaced with U+FFFD,
    /// and so is an id outside the vocabulary (use `decodeStrict` to get an error instead).
    func decode(_ ids: [Int]) -> String
    /// The id of a vocabulary entry in its stored form (e.g. "Ġthings"), or nil.
    func id(forToken token: String) -> Int?
    /// The raw bytes one token stands for (for an added token: its text in UTF-8).
    /// - Throws: `TokenizerError.idOutOfVocabulary`.
    func bytes(forID id: Int) throws -> [UInt8]
    /// A readable form of one token: its text, with bytes that are not complete UTF-8 shown as `\xE2`.
    /// - Throws: `TokenizerError.idOutOfVocabulary`.
    func displayText(forID id: Int) throws -> String
}
