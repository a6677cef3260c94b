/// Turns text into token ids and back, the way the model was trained.
public protocol TextTokenizer: Sendable {
    /// Number of ids the tokenizer can produce (including added tokens).
    var vocabularySize: Int { get }
    /// Ids for `text`, with the model's BOS handling applied.
    /// - Throws: `TokenizerError` when the text cannot be encoded.
    func encode(_ text: String) throws -> [Int]
    /// The text the ids stand for; invalid UTF-8 across token boundaries is replaced with U+FFFD.
    func decode(_ ids: [Int]) -> String
    /// The id of a vocabulary entry in its stored form (e.g. "Ġthings"), or nil.
    func id(forToken token: String) -> Int?
}
