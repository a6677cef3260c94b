import Foundation
import Testing
@testable import Tokenizers

/// The fixture README records that on these vocabularies HF's merges-by-rank `tokenizer.json` and
/// sentencepiece / llama.cpp's merges-by-score agree on every text without special-token text (for
/// llama-spm: also not starting with a space). Two independent algorithms, so random texts check both.
@Suite("SentencePiece: tokenizer.json and GGUF agree on random text")
struct SentencePieceAgreementTests {
    /// Random texts from the fixture cases' characters (all scripts), digits, spaces and newlines.
    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix(seed: seed)
        let pool = Array(Set(FamilyFixtures.cases.flatMap { Array($0.text.unicodeScalars) }).filter {
            $0 != "<" && $0 != ">"
        }).sorted { $0.value < $1.value }
        let extra: [Unicode.Scalar] = [" ", " ", " ", "\n", "\t", "a", "e", "t", "\u{1F680}", "\u{AC00}", "\u{0416}"]
        return (0..<count).map { _ in
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                let useExtra = Int.random(in: 0..<4, using: &generator) == 0
                let scalar = useExtra ? extra.randomElement(using: &generator) : pool.randomElement(using: &generator)
                if let scalar { scalars.append(scalar) }
            }
            return String(scalars)
        }
    }

    @Test("tokenizer.json ids == GGUF ids", arguments: ["gemma-spm", "llama-spm"])
    func agree(name: String) throws {
        let hf = try FamilyFixtures.json(name).prependingBOS(nil)
        let cpp = try FamilyFixtures.gguf(name).prependingBOS(nil)
        var compared = 0
        for text in Self.randomTexts(count: 3000, seed: 11) where text.unicodeScalars.first != " " {
            compared += 1
            #expect(try hf.encode(text) == cpp.encode(text), "\(name) \(text.debugDescription)")
        }
        #expect(compared > 2000)
    }
}
