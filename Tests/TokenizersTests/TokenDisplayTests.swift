import Foundation
import Testing
@testable import Tokenizers

@Suite("Display entries: characters split over tokens")
struct TokenDisplayTests {
    @Test("a character spread over byte pieces shows on its last piece; the others are flagged and empty")
    func bytePieces() throws {
        let tokenizer = try FamilyFixtures.json("llama-spm")
        // Korean is not in the training text: 한 falls back to its three UTF-8 bytes ED 95 9C.
        let ids = tokenizer.encode("Café 日本語 🎉 한", matchingSpecialTokens: true)
        let tail = try ids.suffix(3).map { try tokenizer.token(forID: $0) }
        #expect(tail == ["<0xED>", "<0x95>", "<0x9C>"])
        let entries = tokenizer.displayEntries(forIDs: ids)
        #expect(entries.count == ids.count)
        #expect(entries.suffix(3).map(\.text) == ["", "", "한"])
        #expect(entries.suffix(3).filter(\.holdsPartialCharacter).count == 3)
        #expect(entries.suffix(3).map(\.completesCharacter) == [false, false, true])
        // The pieces before the last end inside 한 and say so; the last ends with the whole character.
        #expect(entries.suffix(3).map(\.endsInsideCharacter) == [true, true, false])
        #expect(entries.suffix(3).map(\.partOf) == ["한", "한", nil])
        // The prompt's BOS and the space marker: "▁" is shown as a space, as GPT-2's "Ġ" is.
        #expect(entries.first?.text == "<s>")
        #expect(entries.map(\.text).joined() == "<s> Café 日本語 🎉 한")
        #expect(try tokenizer.displayText(forID: ids[1]).hasPrefix(" "))
    }

    @Test("joined display texts give the text back for every family case", arguments: ["gemma-spm", "qwen2", "neox"])
    func joinedTextsRoundTrip(name: String) throws {
        let tokenizer = try FamilyFixtures.json(name).prependingBOS(nil)
        var partial = 0
        for item in FamilyFixtures.cases where !item.text.unicodeScalars.contains("\u{301}") {
            let entries = tokenizer.displayEntries(forIDs: try tokenizer.encode(item.text))
            #expect(entries.map(\.text).joined() == item.text, "\(name) \(item.text.debugDescription)")
            for entry in entries where entry.text.isEmpty { #expect(entry.holdsPartialCharacter) }
            partial += entries.filter(\.holdsPartialCharacter).count
        }
        // Byte fallback and byte-level merges of unseen scripts split characters in these cases.
        #expect(partial > 10)
    }

    @Test("a byte-level token cut inside a character: é over two GPT-2 tokens")
    func byteLevelCut() throws {
        let tokenizer = try Fixtures.gpt2JSON.get()
        // "Ġâ" is the bytes 20 C3: a space and the lead byte of é (C3 A9); "©" (byte A9) ends it.
        let lead = try #require(tokenizer.id(forToken: "ĠÃ"))
        let trail = try #require(tokenizer.id(forToken: "©"))
        let entries = tokenizer.displayEntries(forIDs: [lead, trail])
        #expect(entries.map(\.text) == [" ", "é"])
        #expect(entries.map(\.holdsPartialCharacter) == [true, true])
        #expect(entries.map(\.completesCharacter) == [false, true])
        // " " is whole, but the token ends with é's first byte: marked, and part of é.
        #expect(entries.map(\.endsInsideCharacter) == [true, false])
        #expect(entries.map(\.partOf) == ["é", nil])
    }

    @Test("a character cut off at the end is flagged and escaped; stray bytes and unknown ids are shown")
    func cutOffAndUnknown() throws {
        let tokenizer = try Fixtures.gpt2JSON.get()
        let lead = try #require(tokenizer.id(forToken: "ĠÃ"))
        let entries = tokenizer.displayEntries(forIDs: [lead, 999_999])
        #expect(entries[0].text == " \\xC3")
        #expect(entries[0].holdsPartialCharacter)
        #expect(entries[0].endsInsideCharacter && entries[0].partOf == nil, "cut off: no character completes it")
        #expect(entries[1].text == "#999999")
        let stray = try #require(tokenizer.id(forToken: "©"))  // A9 alone: never part of a character here
        let alone = tokenizer.displayEntries(forIDs: [stray])
        #expect(alone.map(\.text) == ["\\xA9"])
        #expect(alone.map(\.holdsPartialCharacter) == [false])
    }
}
