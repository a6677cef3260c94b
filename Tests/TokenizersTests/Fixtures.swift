import Foundation
import Testing
@testable import Tokenizers

/// The shared fixtures (`../shared/fixtures` next to the package root) and tokenizers built from them once.
enum Fixtures {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/"
            && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        {
            url = url.deletingLastPathComponent()
        }
        return url.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// One tokenizer's expectations for one text in `tokenizer/cases.json`.
    struct Expected: Decodable {
        var ids: [Int]
        var tokens: [String]
        var tokenStrings: [String]
        var tokenBytesHex: [String]

        enum CodingKeys: String, CodingKey {
            case ids, tokens
            case tokenStrings = "token_strings"
            case tokenBytesHex = "token_bytes_hex"
        }
    }

    struct Case: Decodable {
        var text: String
        var gpt2: Expected
        var smollm2: Expected
        var smollm2DigitSplitIDs: [Int]?

        enum CodingKeys: String, CodingKey {
            case text, gpt2, smollm2
            case smollm2DigitSplitIDs = "smollm2_digit_split_ids"
        }
    }

    struct CaseFile: Decodable { var cases: [Case] }

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: url("tokenizer/cases.json")),
            let file = try? JSONDecoder().decode(CaseFile.self, from: data)
        else { return [] }
        return file.cases
    }()

    static let gpt2JSON = Result { try BPETokenizer(tokenizerJSONURL: url("tokenizer/gpt2/tokenizer.json")) }
    static let gpt2Files = Result {
        try BPETokenizer(
            vocabURL: url("tokenizer/gpt2/vocab.json"), mergesURL: url("tokenizer/gpt2/merges.txt"),
            specialTokens: ["<|endoftext|>"], eosToken: "<|endoftext|>")
    }
    static let smollm2JSON = Result {
        try BPETokenizer(tokenizerJSONURL: url("tokenizer/smollm2/tokenizer.json"))
    }

    /// The GGUF metadata the SmolLM2 GGUF carries, rebuilt from its `tokenizer.json` (ids 0..16 control).
    static func smollm2GGUFData(addBOS: Bool = false) throws -> GGUFTokenizerData {
        let data = try Data(contentsOf: url("tokenizer/smollm2/tokenizer.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let model = try #require(json["model"] as? [String: Any])
        let vocab = try #require(model["vocab"] as? [String: Int])
        let merges = try #require(model["merges"] as? [[String]])
        let added = try #require(json["added_tokens"] as? [[String: Any]])
        var tokens = [String](repeating: "", count: vocab.count)
        for (token, id) in vocab { tokens[id] = token }
        var types = [Int](repeating: 1, count: vocab.count)
        for token in added where token["special"] as? Bool == true {
            if let id = token["id"] as? Int { types[id] = 3 }
        }
        return GGUFTokenizerData(
            model: "gpt2", pre: "smollm", tokens: tokens, merges: merges.map { $0.joined(separator: " ") },
            tokenTypes: types, bosID: 1, eosID: 2, addBOS: addBOS)
    }

    static let smollm2GGUF = Result { try BPETokenizer(gguf: smollm2GGUFData()) }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
