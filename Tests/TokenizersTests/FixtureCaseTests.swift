import Foundation
import Testing
@testable import Tokenizers

@Suite("BPETokenizer on the fixture cases")
struct FixtureCaseTests {
    @Test("the fixture cases are all there")
    func casesLoad() {
        #expect(Fixtures.cases.count == 66)
    }

    @Test("GPT-2 from tokenizer.json reproduces every case's ids")
    func gpt2FromTokenizerJSON() throws {
        let tokenizer = try Fixtures.gpt2JSON.get()
        for item in Fixtures.cases {
            #expect(try tokenizer.encode(item.text) == item.gpt2.ids, "\(item.text.debugDescription)")
        }
    }

    @Test("GPT-2 from vocab.json + merges.txt reproduces every case's ids")
    func gpt2FromVocabAndMerges() throws {
        let tokenizer = try Fixtures.gpt2Files.get()
        for item in Fixtures.cases {
            #expect(try tokenizer.encode(item.text) == item.gpt2.ids, "\(item.text.debugDescription)")
        }
        #expect(tokenizer.vocabularySize == 50257)
        #expect(tokenizer.eosID == 50256)
    }

    @Test("SmolLM2 from tokenizer.json reproduces every case's transformers ids (no digit splitting)")
    func smollm2FromTokenizerJSON() throws {
        let tokenizer = try Fixtures.smollm2JSON.get()
        #expect(tokenizer.preTokenizer == PreTokenizer())
        for item in Fixtures.cases {
            #expect(try tokenizer.encode(item.text) == item.smollm2.ids, "\(item.text.debugDescription)")
        }
    }

    @Test("SmolLM2 built the GGUF way (pre = smollm) splits digits like llama.cpp")
    func smollm2FromGGUFData() throws {
        let tokenizer = try Fixtures.smollm2GGUF.get()
        #expect(tokenizer.preTokenizer.digits == .individual)
        #expect(tokenizer.vocabularySize == 49152)
        var digitSplitCases = 0
        for item in Fixtures.cases {
            let expected = item.smollm2DigitSplitIDs ?? item.smollm2.ids
            if item.smollm2DigitSplitIDs != nil { digitSplitCases += 1 }
            #expect(try tokenizer.encode(item.text) == expected, "\(item.text.debugDescription)")
        }
        #expect(digitSplitCases == 4)
    }

    @Test("the heap merge loop for long words gives the same ids as the reference")
    func heapMergeLoop() throws {
        var gpt2 = try Fixtures.gpt2JSON.get()
        var smollm2 = try Fixtures.smollm2JSON.get()
        gpt2.model.longWordThreshold = 1
        smollm2.model.longWordThreshold = 1
        for item in Fixtures.cases {
            #expect(try gpt2.encode(item.text) == item.gpt2.ids, "\(item.text.debugDescription)")
            #expect(try smollm2.encode(item.text) == item.smollm2.ids, "\(item.text.debugDescription)")
        }
    }

    @Test("stored token forms, raw bytes and per-token UTF-8 text match the fixtures")
    func perTokenFields() throws {
        let tokenizers: [(BPETokenizer, KeyPath<Fixtures.Case, Fixtures.Expected>)] = [
            (try Fixtures.gpt2JSON.get(), \.gpt2), (try Fixtures.gpt2Files.get(), \.gpt2),
            (try Fixtures.smollm2JSON.get(), \.smollm2),
        ]
        for (tokenizer, path) in tokenizers {
            for item in Fixtures.cases {
                let expected = item[keyPath: path]
                for (index, id) in expected.ids.enumerated() {
                    #expect(try tokenizer.token(forID: id) == expected.tokens[index])
                    #expect(
                        try tokenizer.bytes(forID: id) == Fixtures.bytes(hex: expected.tokenBytesHex[index]))
                    #expect(tokenizer.decode([id]) == expected.tokenStrings[index])
                    #expect(tokenizer.id(forToken: expected.tokens[index]) == id)
                }
            }
        }
    }

    @Test("display text equals the token text when it is whole UTF-8, else escapes the partial bytes")
    func displayText() throws {
        let tokenizer = try Fixtures.gpt2JSON.get()
        var escaped = 0
        for item in Fixtures.cases {
            for (index, id) in item.gpt2.ids.enumerated() {
                let display = try tokenizer.displayText(forID: id)
                let text = item.gpt2.tokenStrings[index]
                if text.contains("\u{FFFD}") {
                    escaped += 1
                    #expect(!display.contains("\u{FFFD}"))
                    let bytes = Fixtures.bytes(hex: item.gpt2.tokenBytesHex[index])
                    let lastByte = try #require(bytes.last)
                    #expect(display.hasSuffix("\\x" + String(lastByte, radix: 16, uppercase: true)))
                } else {
                    #expect(display == text)
                }
            }
        }
        #expect(escaped > 10)
        // " â" in the case "½ cup and ¾ spoon" is the bytes 20 C2: a space and a lone lead byte.
        let spaceLead = try #require(tokenizer.id(forToken: "ĠÂ"))
        #expect(try tokenizer.displayText(forID: spaceLead) == " \\xC2")
        #expect(try tokenizer.displayText(forID: 50256) == "<|endoftext|>")
    }

    @Test("decoding the ids of any case gives the text back")
    func roundTrip() throws {
        for tokenizer in [
            try Fixtures.gpt2JSON.get(), try Fixtures.smollm2JSON.get(), try Fixtures.smollm2GGUF.get(),
        ] {
            for item in Fixtures.cases {
                #expect(tokenizer.decode(try tokenizer.encode(item.text)) == item.text)
            }
        }
    }

    @Test("special tokens are found in the text only when matching is on")
    func specialTokenMatching() throws {
        let tokenizer = try Fixtures.gpt2JSON.get()
        let text = "Hello<|endoftext|>World"
        #expect(tokenizer.isSpecial(50256))
        let literal = tokenizer.encode(text, matchingSpecialTokens: false)
        #expect(!literal.contains(50256))
        #expect(tokenizer.decode(literal) == text)
    }
}
