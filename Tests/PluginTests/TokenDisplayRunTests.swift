import Analysis
import Charts
import Foundation
import ModelFiles
import PluginKit
import Testing

/// The run carries the tokenizer's display entries (issue 13, item 12), and the charts' token labels come
/// from them: a character split over byte tokens shows on the token that completes it, the others as "◌".
@Suite("Token display entries in the run")
struct TokenDisplayRunTests {
    static let text = "Café 日本語 🎉"

    @Test("a split character shows on the token completing it; its other pieces are partial and say what they are part of")
    func splitCharacters() throws {
        let request = AnalysisRequest(prompt: Self.text, model: .folder(Fixtures.gpt2))
        let run = try #require(FixtureRun.run(request).tokenized?.primary)
        let tokens = run.tokens
        // gpt2's byte-level BPE has no BOS: the shown texts give the prompt back, character for character.
        #expect(tokens.map(\.shown).joined() == Self.text)
        for character in ["日", "本", "語", "🎉"] {
            #expect(tokens.contains { $0.shown.contains(character) }, "\(character) is shown whole on one token")
        }
        // The fixture tokenizer splits these characters, so some tokens hold only pieces.
        let partial = tokens.filter(\.partial)
        #expect(!partial.isEmpty)
        for token in tokens where token.shown.isEmpty { #expect(token.partial) }
        for token in partial {
            let whole = try #require(token.partOf, "\(token)")
            #expect(whole.count == 1 && Self.text.contains(whole), "\(token)")
            // The completing token follows and shows the character.
            #expect(token.label == token.shown + "◌")
        }
        #expect(tokens.allSatisfy { !$0.label.contains("\\x") }, "no byte escapes: \(tokens.map(\.label))")
        // The token text (used by the lens lists) keeps its escapes for pieces.
        #expect(partial.contains { $0.text.contains("\\x") })

        // Chart labels and the subtitle position use the same entries.
        #expect(PluginChrome.tokenLabels(run, max: 40) == tokens.map { TokenLabel.display($0.label) })
        let piece = try #require(tokens.indices.first { tokens[$0].partial && tokens[$0].shown.isEmpty })
        var moved = request
        moved.queryPosition = piece
        let atPiece = try #require(FixtureRun.run(moved).tokenized?.primary)
        let subtitle = PluginChrome.position(atPiece)
        #expect(subtitle.contains("part of “\(tokens[piece].partOf ?? "?")”"), "\(subtitle)")
    }
}
