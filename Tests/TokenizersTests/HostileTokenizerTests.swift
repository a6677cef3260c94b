import Foundation
import TestScratch
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

    /// The crashers the long fuzz run found (Tests/Fuzz/crashers): vocabulary ids of 234 273 870 and
    /// 14 444 444 sized a table of that many strings (3.7 GB, an out-of-memory; a 10 s timeout).
    static let crashers = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fuzz/crashers").standardizedFileURL

    @Test("a vocabulary id far beyond the vocabulary's size is refused, not allocated (fuzz oom)")
    func hugeVocabularyID() throws {
        let json = try Data(contentsOf: Self.crashers.appendingPathComponent("tokenizer/oom-vocab-id-234273870.json"))
        #expect(throws: TokenizerError.self) { try BPETokenizer(tokenizerJSON: json) }
    }

    @Test("vocab.json with an id of 14 444 444 is refused at once (fuzz timeout)")
    func hugeVocabJSONID() throws {
        let bytes = try Data(contentsOf: Self.crashers.appendingPathComponent("vocabmerges/timeout-vocab-id-14444444"))
        let split = try #require(bytes.firstIndex(of: 0))
        let dir = try TestScratch.folder("tok-vm")
        let vocab = dir.appendingPathComponent("vocab.json"), merges = dir.appendingPathComponent("merges.txt")
        try bytes[..<split].write(to: vocab)
        try bytes[(split + 1)...].write(to: merges)
        #expect(throws: TokenizerError.self) { try BPETokenizer(vocabURL: vocab, mergesURL: merges) }
    }

    @Test("a FIFO tokenizer.json fails at once")
    func fifo() throws {
        let dir = try TestScratch.folder("tok-fifo")
        let url = dir.appendingPathComponent("tokenizer.json")
        #expect(mkfifo(url.path, 0o644) == 0)
        #expect(throws: TokenizerError.self) { try BPETokenizer(tokenizerJSONURL: url) }
    }
}
