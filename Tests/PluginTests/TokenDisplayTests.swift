import PluginKit
import Testing

/// Byte tokens of a character split by the tokenizer (SmolLM2's split of "Café 日本語 🎉", as
/// `tokengen tokenize` prints it) shown as the characters they complete.
@Suite("Token display entries")
struct TokenDisplayTests {
    static let cafe = [
        "C", "af", "é", " \\xE6", "\\x97", "\\xA5", "本", "\\xE8", "\\xAA", "\\x9E", " \\xF0\\x9F", "\\x8E", "\\x89",
    ]

    @Test("a character shows on the token that completes it; its other pieces are partial")
    func completesOnLastPiece() {
        let entries = TokenDisplay.entries(Self.cafe)
        #expect(entries.map(\.text) == ["C", "af", "é", " ", "", "日", "本", "", "", "語", " ", "", "🎉"])
        #expect(entries.map(\.partial) == [false, false, false, true, true, false, false, true, true, false, true, true, false])
        #expect(entries[4].partOf == "日" && entries[3].partOf == "日" && entries[11].partOf == "🎉")
        #expect(entries[4].label == "◌" && entries[3].label == " ◌")
        #expect(!entries.contains { $0.label.contains("\\x") })
    }

    @Test("a prompt ending mid-character keeps its pieces partial, and stray bytes stay escaped")
    func unfinishedAndStray() {
        let unfinished = TokenDisplay.entries(["a", "\\xF0\\x9F"])
        #expect(unfinished[1].partial && unfinished[1].text.isEmpty && unfinished[1].partOf == nil)
        let stray = TokenDisplay.entries(["\\x80", "b"])
        #expect(stray[0].text == "\\x80" && !stray[0].partial)
    }
}
