import Foundation
import Testing
@testable import Tokenizers

/// Small hand-made SentencePiece-style `tokenizer.json` files; the expected ids follow HF's
/// `BPE::merge_word` (unknown and byte-fallback rules), `AddedVocabulary` (lstrip/rstrip) and
/// transformers' `add_bos_token`.
@Suite("Character-level tokenizer.json features")
struct CharacterLevelTests {
    static let vocab: [String: Int] = ["<unk>": 0, "a": 1, "b": 2, "ab": 3, "▁": 4, "▁a": 5, "<0x63>": 6, "<s>": 8]

    /// Llama's legacy layout: normalizer Prepend(▁) + Replace(" " → ▁), no pre-tokenizer.
    func tokenizer(
        byteFallback: Bool = true, fuseUnknown: Bool = true, strips: Bool = false, config: [String: Any]? = nil,
        template: Bool = true
    ) throws -> BPETokenizer {
        var json: [String: Any] = [
            "model": [
                "type": "BPE", "vocab": Self.vocab, "merges": [["▁", "a"], ["a", "b"]], "unk_token": "<unk>",
                "byte_fallback": byteFallback, "fuse_unk": fuseUnknown,
            ] as [String: Any],
            "added_tokens": [
                ["id": 7, "content": "<x>", "special": true, "normalized": false, "lstrip": strips, "rstrip": strips],
                ["id": 8, "content": "<s>", "special": true, "normalized": false],
            ],
            "normalizer": [
                "type": "Sequence",
                "normalizers": [
                    ["type": "Prepend", "prepend": "▁"],
                    ["type": "Replace", "pattern": ["String": " "], "content": "▁"],
                ],
            ] as [String: Any],
            "decoder": [
                "type": "Sequence",
                "decoders": [
                    ["type": "Replace", "pattern": ["String": "▁"], "content": " "], ["type": "ByteFallback"],
                    ["type": "Fuse"], ["type": "Strip", "content": " ", "start": 1, "stop": 0],
                ],
            ] as [String: Any],
        ]
        if template {
            json["post_processor"] = [
                "type": "TemplateProcessing",
                "single": [["SpecialToken": ["id": "<s>", "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]]],
                "special_tokens": ["<s>": ["id": "<s>", "ids": [8]]],
            ] as [String: Any]
        }
        return try BPETokenizer(
            tokenizerJSON: JSONSerialization.data(withJSONObject: json), source: "tiny.json",
            tokenizerConfig: try config.map { try JSONSerialization.data(withJSONObject: $0) })
    }

    @Test("Prepend + Replace normalizers, then merges by rank over characters")
    func legacyLlama() throws {
        let tokenizer = try tokenizer().prependingBOS(nil)
        #expect(tokenizer.encode("a b", matchingSpecialTokens: true) == [5, 4, 2])
        #expect(tokenizer.encode("ab", matchingSpecialTokens: true) == [5, 2])
        #expect(tokenizer.decode([5, 4, 2]) == "a b")
    }

    @Test("unknown characters fuse into one <unk> with fuse_unk, else one each; byte fallback needs every byte")
    func unknownAndByteFallback() throws {
        let fused = try tokenizer(byteFallback: false).prependingBOS(nil)
        #expect(fused.encode("axyb", matchingSpecialTokens: true) == [5, 0, 2])
        let separate = try tokenizer(byteFallback: false, fuseUnknown: false).prependingBOS(nil)
        #expect(separate.encode("axyb", matchingSpecialTokens: true) == [5, 0, 0, 2])
        let fallback = try tokenizer().prependingBOS(nil)
        // "c" is byte 63, which has a piece; "d" (64) has none, so it is unknown.
        #expect(fallback.encode("acd", matchingSpecialTokens: true) == [5, 6, 0])
        #expect(fallback.decode([5, 6]) == "ac")
    }

    @Test("lstrip / rstrip added tokens take the whitespace around them")
    func stripping() throws {
        let plain = try tokenizer().prependingBOS(nil)
        #expect(plain.encode("a <x> b", matchingSpecialTokens: true) == [5, 4, 7, 4, 4, 2])
        let stripping = try tokenizer(strips: true).prependingBOS(nil)
        #expect(stripping.encode("a <x> b", matchingSpecialTokens: true) == [5, 7, 4, 2])
    }

    @Test("tokenizer_config.json's add_bos_token turns the template's BOS off, or adds bos_token")
    func addBOSToken() throws {
        #expect(try tokenizer().encode("a") == [8, 5])
        #expect(try tokenizer(config: ["add_bos_token": false]).encode("a") == [5])
        let added = try tokenizer(config: ["add_bos_token": true, "bos_token": "<s>"], template: false)
        #expect(try added.encode("a") == [8, 5])
        #expect(try tokenizer(template: false).encode("a") == [5])
        #expect(throws: TokenizerError.tokenNotInVocabulary(token: "<bos>", source: "tokenizer_config.json")) {
            try tokenizer(config: ["add_bos_token": true, "bos_token": ["content": "<bos>"]], template: false)
        }
    }
}
