import Foundation
import ModelFiles
import Testing
@testable import Tokenizers
@testable import Transformer

/// The four trained tokenizers of `tokenizer/family-cases.json` (transformers 5.24 and llama.cpp ids).
enum FamilyFixtures {
    struct Expected: Decodable {
        var ids: [Int]
        var idsAddSpecialTokens: [Int]
        var tokens: [String]
        var decoded: String
        var llamacppIDs: [Int]?
        var llamacppIDsAddBOS: [Int]?

        enum CodingKeys: String, CodingKey {
            case ids, tokens, decoded
            case idsAddSpecialTokens = "ids_add_special_tokens"
            case llamacppIDs = "llamacpp_ids"
            case llamacppIDsAddBOS = "llamacpp_ids_add_bos"
        }
    }

    struct Case: Decodable {
        var text: String
        var expected: [String: Expected]

        init(from decoder: Decoder) throws {
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            let container = try decoder.container(keyedBy: Key.self)
            text = try container.decode(String.self, forKey: Key(stringValue: "text"))
            var expected: [String: Expected] = [:]
            for key in container.allKeys where key.stringValue != "text" {
                expected[key.stringValue] = try container.decode(Expected.self, forKey: key)
            }
            self.expected = expected
        }
    }

    struct File: Decodable { var cases: [Case] }

    static let names = ["llama-spm", "gemma-spm", "qwen2", "neox"]

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: Fixtures.url("tokenizer/family-cases.json")),
            let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.cases
    }()

    /// The tokenizer of `tokenizer/<name>/tokenizer.json` (with its tokenizer_config.json).
    static func json(_ name: String) throws -> BPETokenizer {
        try BPETokenizer(tokenizerJSONURL: Fixtures.url("tokenizer/\(name)/tokenizer.json"))
    }

    /// llama.cpp's tokenizer from `tokenizer/<name>/<name>-vocab.gguf`.
    static func gguf(_ name: String) throws -> BPETokenizer {
        let file = try GGUFFile(url: Fixtures.url("tokenizer/\(name)/\(name)-vocab.gguf"))
        let data = try #require(try ModelLoader.ggufTokenizerData(file.metadata))
        return try BPETokenizer(gguf: data)
    }
}

@Suite("Family tokenizers on family-cases.json")
struct FamilyCaseTests {
    @Test("all 64 cases carry the four tokenizers")
    func casesLoad() {
        #expect(FamilyFixtures.cases.count == 64)
        for item in FamilyFixtures.cases {
            #expect(Set(item.expected.keys).isSuperset(of: FamilyFixtures.names))
        }
    }

    @Test(
        "tokenizer.json gives HF's ids with and without special tokens, its tokens and its decoded text",
        arguments: FamilyFixtures.names)
    func huggingFace(name: String) throws {
        let withSpecial = try FamilyFixtures.json(name)
        let without = try withSpecial.prependingBOS(nil)
        for item in FamilyFixtures.cases {
            let expected = try #require(item.expected[name])
            let label = "\(name) \(item.text.debugDescription)"
            #expect(try without.encode(item.text) == expected.ids, "\(label)")
            #expect(try withSpecial.encode(item.text) == expected.idsAddSpecialTokens, "\(label)")
            #expect(try expected.ids.map { try withSpecial.token(forID: $0) } == expected.tokens, "\(label)")
            #expect(withSpecial.decode(expected.ids) == expected.decoded, "\(label)")
        }
    }

    @Test("the vocabulary GGUFs give llama.cpp's ids, with and without BOS", arguments: ["llama-spm", "gemma-spm"])
    func llamaCpp(name: String) throws {
        let withBOS = try FamilyFixtures.gguf(name)
        let without = try withBOS.prependingBOS(nil)
        #expect(withBOS.vocabularySize == 4000)
        for item in FamilyFixtures.cases {
            let expected = try #require(item.expected[name])
            let label = "\(name) \(item.text.debugDescription)"
            #expect(try without.encode(item.text) == expected.llamacppIDs, "\(label)")
            #expect(try withBOS.encode(item.text) == expected.llamacppIDsAddBOS, "\(label)")
        }
    }
}

@Suite("Tokenizers of the family GGUF models")
struct FamilyGGUFTokenizerTests {
    static func tokenizer(_ path: String) throws -> BPETokenizer {
        let file = try GGUFFile(url: Fixtures.url(path))
        let data = try #require(try ModelLoader.ggufTokenizerData(file.metadata))
        return try BPETokenizer(gguf: data)
    }

    @Test("qwen2-tiny's GGUF (gpt2, pre qwen2) gives HF's ids on every case HF's NFC does not change")
    func qwen2() throws {
        let tokenizer = try Self.tokenizer("models/qwen2-tiny/qwen2-tiny-f32.gguf")
        #expect(tokenizer.preTokenizer == PreTokenizer(pattern: .qwen2))
        #expect(tokenizer.prependedBOSID == nil)
        for item in FamilyFixtures.cases where item.text.precomposedStringWithCanonicalMapping.unicodeScalars
            .elementsEqual(item.text.unicodeScalars)
        {
            let expected = try #require(item.expected["qwen2"])
            #expect(try tokenizer.encode(item.text) == expected.ids, "\(item.text.debugDescription)")
        }
    }

    @Test("gemma3-tiny's GGUF (llama, SentencePiece) gives llama.cpp's ids with BOS")
    func gemma3() throws {
        let tokenizer = try Self.tokenizer("models/gemma3-tiny/gemma3-tiny-f32.gguf")
        for item in FamilyFixtures.cases {
            let expected = try #require(item.expected["gemma-spm"])
            #expect(try tokenizer.encode(item.text) == expected.llamacppIDsAddBOS, "\(item.text.debugDescription)")
        }
    }
}

@Suite("Family model folders")
struct FamilyFolderTokenizerTests {
    @Test(
        "each family folder's tokenizer gives its reference prompts' ids (with BOS where HF adds it)",
        arguments: ["pythia-tiny", "qwen2-tiny", "qwen3-tiny", "gemma2-tiny", "gemma3-tiny", "phi3-tiny", "mistral-tiny"])
    func referencePrompts(folder: String) throws {
        let tokenizer = try BPETokenizer(tokenizerJSONURL: Fixtures.url("models/\(folder)/tokenizer.json"))
        let data = try Data(contentsOf: Fixtures.url("models/\(folder)/reference.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let prompts = try #require(json["prompts"] as? [[String: Any]])
        #expect(prompts.count == 3)
        for prompt in prompts {
            let text = try #require(prompt["text"] as? String)
            let special = try #require(prompt["add_special_tokens"] as? Bool)
            let ids = try #require(prompt["ids"] as? [Int])
            let used = special ? tokenizer : try tokenizer.prependingBOS(nil)
            #expect(try used.encode(text) == ids, "\(folder) \(text.debugDescription)")
            #expect(try ids.map { try tokenizer.token(forID: $0) } == (prompt["tokens"] as? [String]))
        }
    }
}
