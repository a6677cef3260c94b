import Foundation
import Testing
@testable import Tokenizers

@Suite("BPETokenizer loading, BOS and errors")
struct LoadingTests {
    @Test("GPT-2 with BOS 2 prepended gives the OPT reference prompt ids")
    func optPrompts() throws {
        let opt = try Fixtures.gpt2Files.get().prependingBOS(2)
        let data = try Data(contentsOf: Fixtures.url("models/opt-tiny/reference.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let prompts = try #require(json["prompts"] as? [[String: Any]])
        #expect(prompts.count == 3)
        for prompt in prompts {
            let text = try #require(prompt["text"] as? String)
            #expect(try opt.encode(text) == (prompt["ids"] as? [Int]))
        }
    }

    @Test("GGUF add_bos_token prepends the BOS id; GPT-2 and SmolLM2 add none")
    func bosFromGGUF() throws {
        let withBOS = try BPETokenizer(gguf: Fixtures.smollm2GGUFData(addBOS: true))
        #expect(try withBOS.encode("Hello world") == [1, 19556, 905])
        #expect(try Fixtures.smollm2GGUF.get().prependedBOSID == nil)
        #expect(try Fixtures.gpt2JSON.get().prependedBOSID == nil)
        #expect(try Fixtures.smollm2GGUF.get().eosID == 2)
    }

    @Test("a TemplateProcessing post-processor with a leading special token becomes the BOS")
    func bosFromTemplate() throws {
        let data = try Data(contentsOf: Fixtures.url("tokenizer/smollm2/tokenizer.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        json["post_processor"] =
            [
                "type": "TemplateProcessing",
                "single": [
                    ["SpecialToken": ["id": "<|im_start|>", "type_id": 0]],
                    ["Sequence": ["id": "A", "type_id": 0]],
                ],
                "special_tokens": [
                    "<|im_start|>": ["id": "<|im_start|>", "ids": [1], "tokens": ["<|im_start|>"]]
                ],
            ] as [String: Any]
        let tokenizer = try BPETokenizer(tokenizerJSON: JSONSerialization.data(withJSONObject: json))
        #expect(try tokenizer.encode("Hello world") == [1, 19556, 905])
    }

    @Test("a Sequence of Digits(individual) and ByteLevel in tokenizer.json splits digits")
    func digitsSequenceInJSON() throws {
        let data = try Data(contentsOf: Fixtures.url("tokenizer/smollm2/tokenizer.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        json["pre_tokenizer"] =
            [
                "type": "Sequence",
                "pretokenizers": [
                    ["type": "Digits", "individual_digits": true],
                    [
                        "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true,
                        "use_regex": true,
                    ],
                ],
            ] as [String: Any]
        let tokenizer = try BPETokenizer(tokenizerJSON: JSONSerialization.data(withJSONObject: json))
        for item in Fixtures.cases {
            #expect(try tokenizer.encode(item.text) == item.smollm2DigitSplitIDs ?? item.smollm2.ids)
        }
    }

    @Test("an id outside the vocabulary is an error naming the id and the vocabulary size")
    func unknownID() throws {
        let tokenizer = try Fixtures.gpt2JSON.get()
        #expect(throws: TokenizerError.idOutOfVocabulary(id: 50257, vocabularySize: 50257)) {
            try tokenizer.bytes(forID: 50257)
        }
        #expect(throws: TokenizerError.idOutOfVocabulary(id: -1, vocabularySize: 50257)) {
            try tokenizer.decodeStrict([15496, -1])
        }
        #expect(throws: TokenizerError.idOutOfVocabulary(id: 60000, vocabularySize: 50257)) {
            try tokenizer.prependingBOS(60000)
        }
        #expect(tokenizer.decode([15496, 99999]) == "Hello\u{FFFD}")
    }

    @Test("a missing file is reported with its path")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/tokenizer.json")
        #expect(throws: TokenizerError.fileNotFound(path: url.path)) {
            try BPETokenizer(tokenizerJSONURL: url)
        }
    }

    @Test("corrupt JSON and broken merges are reported as corrupt files")
    func corruptFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tok-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("tokenizer.json")
        try Data("{\"model\": {\"vocab\": ".utf8).write(to: broken)
        do {
            _ = try BPETokenizer(tokenizerJSONURL: broken)
            Issue.record("expected an error")
        } catch let error as TokenizerError {
            guard case .corruptFile(let path, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(path == broken.path)
            #expect(error.description.contains("Re-download"))
        }
        let vocab = folder.appendingPathComponent("vocab.json")
        let merges = folder.appendingPathComponent("merges.txt")
        try Data(#"{"a": 0, "b": 1, "ab": 2}"#.utf8).write(to: vocab)
        try Data("#version: 0.2\na b c\n".utf8).write(to: merges)
        #expect(
            throws: TokenizerError.corruptFile(
                path: merges.path, reason: "merge \"a b c\" is not two tokens separated by one space")
        ) {
            try BPETokenizer(vocabURL: vocab, mergesURL: merges)
        }
        try Data("#version: 0.2\na x\n".utf8).write(to: merges)
        #expect(throws: TokenizerError.mergeOutOfVocabulary(merge: "a x", source: merges.path)) {
            try BPETokenizer(vocabURL: vocab, mergesURL: merges)
        }
        try Data("#version: 0.2\na b\n".utf8).write(to: merges)
        try Data(#"{"a": 0, "b": -5}"#.utf8).write(to: vocab)
        #expect(throws: TokenizerError.corruptFile(path: vocab.path, reason: "token \"b\" has id -5")) {
            try BPETokenizer(vocabURL: vocab, mergesURL: merges)
        }
        try Data(#"{"a": 0, "b": 1, "ab": 2}"#.utf8).write(to: vocab)
        let tiny = try BPETokenizer(vocabURL: vocab, mergesURL: merges)
        #expect(try tiny.encode("ab") == [2])
        // The same bytes from memory (the fuzz harness's path) tokenize alike and name the given sources.
        let inMemory = try BPETokenizer(vocabJSON: Data(contentsOf: vocab), merges: Data(contentsOf: merges))
        #expect(try inMemory.encode("ab") == [2])
        #expect(throws: TokenizerError.mergeOutOfVocabulary(merge: "a x", source: "m.txt")) {
            try BPETokenizer(vocabJSON: Data(contentsOf: vocab), merges: Data("a x\n".utf8), mergesSource: "m.txt")
        }
    }

    @Test("unsupported tokenizer kinds are refused with the feature named")
    func unsupported() throws {
        var data = Fixtures.smollm2GGUFDataOrEmpty()
        data.model = "bert"
        #expect(
            throws: TokenizerError.unsupported(
                feature: "tokenizer.ggml.model \"bert\"", source: "GGUF tokenizer metadata")
        ) {
            try BPETokenizer(gguf: data)
        }
        data.model = "llama"
        #expect(
            throws: TokenizerError.corruptFile(
                path: "GGUF tokenizer metadata", reason: "a SentencePiece vocabulary without scores")
        ) {
            try BPETokenizer(gguf: data)
        }
        data.model = "gpt2"
        data.pre = "deepseek-llm"
        #expect(
            throws: TokenizerError.unsupported(
                feature: "tokenizer.ggml.pre \"deepseek-llm\"", source: "GGUF tokenizer metadata")
        ) {
            try BPETokenizer(gguf: data)
        }
        data.pre = "smollm"
        data.addBOS = true
        data.bosID = nil
        #expect(throws: TokenizerError.missingBOS(source: "GGUF tokenizer metadata")) {
            try BPETokenizer(gguf: data)
        }
        let wordPiece = Data(#"{"model": {"type": "WordPiece", "vocab": {}, "merges": []}}"#.utf8)
        #expect(throws: TokenizerError.unsupported(feature: "a WordPiece model", source: "x.json")) {
            try BPETokenizer(tokenizerJSON: wordPiece, source: "x.json")
        }
    }
}

extension Fixtures {
    static func smollm2GGUFDataOrEmpty() -> GGUFTokenizerData {
        (try? smollm2GGUFData())
            ?? GGUFTokenizerData(
                model: "gpt2", pre: nil, tokens: [], merges: [], tokenTypes: nil, bosID: nil, eosID: nil,
                addBOS: false)
    }
}

@Suite("Llama-3 style tokenizer.json")
struct Llama3StyleTests {
    /// The Split pattern as Meta-Llama-3's `tokenizer.json` writes it.
    static let llama3Pattern =
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"#
        + #"|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// A tiny Llama-3-shaped file: Split(Llama-3 pattern) + ByteLevel(use_regex false), a BOS from a
    /// Sequence post-processor, and `ignore_merges`. Vocabulary a b c ab abc, one merge "a b".
    func tokenizer(ignoreMerges: Bool, pattern: String = Self.llama3Pattern) throws -> BPETokenizer {
        let json: [String: Any] = [
            "model": [
                "type": "BPE", "vocab": ["a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4, "Ġ": 6],
                "merges": [["a", "b"]], "ignore_merges": ignoreMerges,
            ] as [String: Any],
            "added_tokens": [["id": 5, "content": "<|begin_of_text|>", "special": true]],
            "pre_tokenizer": [
                "type": "Sequence",
                "pretokenizers": [
                    [
                        "type": "Split", "pattern": ["Regex": pattern], "behavior": "Isolated",
                        "invert": false,
                    ],
                    [
                        "type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true,
                        "use_regex": false,
                    ],
                ] as [[String: Any]],
            ] as [String: Any],
            "post_processor": [
                "type": "Sequence",
                "processors": [
                    ["type": "ByteLevel"],
                    [
                        "type": "TemplateProcessing",
                        "single": [
                            ["SpecialToken": ["id": "<|begin_of_text|>", "type_id": 0]],
                            ["Sequence": ["id": "A", "type_id": 0]],
                        ],
                        "special_tokens": ["<|begin_of_text|>": ["id": "<|begin_of_text|>", "ids": [5]]],
                    ] as [String: Any],
                ] as [[String: Any]],
            ] as [String: Any],
            "decoder": ["type": "ByteLevel"],
        ]
        return try BPETokenizer(
            tokenizerJSON: JSONSerialization.data(withJSONObject: json), source: "llama3.json")
    }

    @Test("the Llama-3 Split pattern is recognised and the template's BOS is prepended")
    func structure() throws {
        let tokenizer = try tokenizer(ignoreMerges: false)
        #expect(tokenizer.preTokenizer == PreTokenizer(pattern: .llama3))
        #expect(tokenizer.prependedBOSID == 5)
        let spelledOut = try self.tokenizer(
            ignoreMerges: false, pattern: PreTokenizer.llama3PatternSpelledOut)
        #expect(spelledOut.preTokenizer.pattern == .llama3)
    }

    @Test("ignore_merges takes a word that is a vocabulary entry whole; otherwise merges decide")
    func ignoreMerges() throws {
        // BPE on "abc": merge a+b → [ab, c]; no merge makes "abc", so only ignore_merges reaches id 4.
        #expect(try tokenizer(ignoreMerges: false).encode("abc") == [5, 3, 2])
        #expect(try tokenizer(ignoreMerges: true).encode("abc") == [5, 4])
        #expect(try tokenizer(ignoreMerges: true).encode("abc abc") == [5, 4, 6, 3, 2])
    }

    @Test("GGUF pre \"llama-bpe\" selects the Llama-3 pattern")
    func ggufLlamaBPE() throws {
        var data = Fixtures.smollm2GGUFDataOrEmpty()
        data.pre = "llama-bpe"
        let tokenizer = try BPETokenizer(gguf: data)
        #expect(tokenizer.preTokenizer == PreTokenizer(pattern: .llama3))
    }
}

@Suite("Added tokens from GGUF token types")
struct GGUFTokenTypeTests {
    @Test("control tokens match only when special tokens are on; user-defined tokens always match")
    func controlAndUserDefined() throws {
        var data = Fixtures.smollm2GGUFDataOrEmpty()
        try #require(data.tokens.count == 49152)
        data.tokenTypes?[16] = 4  // "<empty_output>" becomes user-defined
        let tokenizer = try BPETokenizer(gguf: data)
        let text = "a<empty_output>b<|endoftext|>"
        let all = tokenizer.encode(text, matchingSpecialTokens: true)
        let ordinary = tokenizer.encode(text, matchingSpecialTokens: false)
        #expect(all.contains(16) && all.contains(0))
        #expect(ordinary.contains(16) && !ordinary.contains(0))
        #expect(tokenizer.isSpecial(0) && !tokenizer.isSpecial(16))
        #expect(tokenizer.decode(ordinary) == text)
    }

    @Test("a string listed twice in GGUF tokens keeps both ids decodable")
    func duplicateTokens() throws {
        var data = Fixtures.smollm2GGUFDataOrEmpty()
        try #require(data.tokens.count == 49152)
        let world = try #require(data.tokens.firstIndex(of: "Ġworld"))
        data.tokens.append("Ġworld")
        data.tokenTypes?.append(1)
        let tokenizer = try BPETokenizer(gguf: data)
        #expect(try tokenizer.token(forID: world) == "Ġworld")
        #expect(tokenizer.decode([world, 49152]) == " world world")
    }
}
