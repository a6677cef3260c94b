import Foundation
import Testing
@testable import Tokenizers

/// Regression tests for issue 15's crafted tokenizer files.
@Suite("hostile tokenizer files")
struct HostileTokenizerTests {
    static func json(addedID: Int) -> Data {
        Data(
            """
            {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]},
             "added_tokens": [{"id": \(addedID), "content": "<x>", "special": true}],
             "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false}}
            """.utf8)
    }

    @Test("an added token id of 2⁶² is refused instead of sizing the decoder's table")
    func hugeAddedID() {
        #expect(throws: TokenizerError.idOutOfVocabulary(id: 1 << 62, vocabularySize: 4)) {
            try BPETokenizer(tokenizerJSON: Self.json(addedID: 1 << 62))
        }
        #expect(throws: TokenizerError.self) { try BPETokenizer(tokenizerJSON: Self.json(addedID: -3)) }
    }

    @Test("a FIFO tokenizer.json fails at once")
    func fifo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tok-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("tokenizer.json")
        #expect(mkfifo(url.path, 0o644) == 0)
        #expect(throws: TokenizerError.self) { try BPETokenizer(tokenizerJSONURL: url) }
    }
}
