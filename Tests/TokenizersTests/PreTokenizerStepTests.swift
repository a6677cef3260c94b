import Testing
@testable import Tokenizers

/// Expected pieces are the ones HF tokenizers documents for each behaviour (the `SplitDelimiterBehavior`
/// docstring's "the-final--countdown" example) and the Metaspace rules of its source.
@Suite("PreTokenizerStep (general pre-tokenizer)")
struct PreTokenizerStepTests {
    func pieces(_ text: String, _ step: PreTokenizerStep, startsInput: Bool = true) -> [String] {
        step.apply(TextPiece(bytes: Array(text.utf8), startsInput: startsInput)).map {
            String(decoding: $0.bytes, as: UTF8.self)
        }
    }

    @Test("Split on a literal follows each delimiter behaviour")
    func splitBehaviours() {
        let text = "the-final--countdown"
        func split(_ behavior: PreTokenizerStep.SplitBehavior, invert: Bool = false) -> [String] {
            pieces(text, .split(.literal(Array("-".utf8)), behavior: behavior, invert: invert))
        }
        #expect(split(.removed) == ["the", "final", "countdown"])
        #expect(split(.isolated) == ["the", "-", "final", "-", "-", "countdown"])
        #expect(split(.mergedWithPrevious) == ["the-", "final-", "-", "countdown"])
        #expect(split(.mergedWithNext) == ["the", "-final", "-", "-countdown"])
        #expect(split(.contiguous) == ["the", "-", "final", "--", "countdown"])
        #expect(split(.removed, invert: true) == ["-", "-", "-"])
    }

    @Test("Metaspace: spaces become ▁, prepended per scheme, split before each ▁")
    func metaspace() {
        let first = PreTokenizerStep.metaspace(replacement: "▁", prepend: .first, split: false)
        #expect(pieces("Hey friend", first) == ["▁Hey▁friend"])
        #expect(pieces(" leading", first) == ["▁leading"])
        #expect(pieces("World", first, startsInput: false) == ["World"])
        let always = PreTokenizerStep.metaspace(replacement: "▁", prepend: .always, split: true)
        #expect(pieces("Hey friend!", always, startsInput: false) == ["▁Hey", "▁friend!"])
        #expect(pieces("a  b", always) == ["▁a", "▁", "▁b"])
        let never = PreTokenizerStep.metaspace(replacement: "▁", prepend: .never, split: true)
        #expect(pieces("Hey friend", never) == ["Hey", "▁friend"])
    }

    @Test("Split with the Qwen2 pattern: single digits, case-insensitive contractions, letters take one lead")
    func qwen2Pattern() {
        let qwen2 = PreTokenizerStep.split(.pattern(.qwen2), behavior: .isolated, invert: false)
        #expect(pieces("12345 3.14", qwen2) == ["1", "2", "3", "4", "5", " ", "3", ".", "1", "4"])
        #expect(pieces("I'M here", qwen2) == ["I", "'M", " here"])
        #expect(pieces("\"quoted\"", qwen2) == ["\"quoted", "\""])
        #expect(pieces("a\n\n b", qwen2) == ["a", "\n\n", " b"])
        #expect(PreTokenizer.Pattern.known(PreTokenizer.qwen2Pattern) == .qwen2)
    }

    @Test("Digits isolates numbers one by one or in runs")
    func digits() {
        #expect(pieces("a12b", .digits(individual: true)) == ["a", "1", "2", "b"])
        #expect(pieces("a12b", .digits(individual: false)) == ["a", "12", "b"])
    }
}

/// Expected outputs follow HF tokenizers' decoder sources (e.g. byte_fallback.rs: `<0xE5> <0x8F> <0xAB>`
/// → 叫, an incomplete run → one U+FFFD per byte).
@Suite("DecoderStep")
struct DecoderStepTests {
    @Test("ByteFallback joins byte pieces into text, or one U+FFFD per byte when invalid")
    func byteFallback() {
        #expect(DecoderStep.decode(["<0xE5>", "<0x8F>", "<0xAB>", "a"], steps: [.byteFallback, .fuse]) == "叫a")
        #expect(DecoderStep.decode(["<0xE5>", "<0x8F>", "a"], steps: [.byteFallback]) == "\u{FFFD}\u{FFFD}a")
    }

    @Test("SentencePiece chain: Replace, ByteFallback, Fuse, Strip of one leading space")
    func sentencePieceChain() {
        let steps: [DecoderStep] = [
            .replace(pattern: "▁", content: " "), .byteFallback, .fuse, .strip(content: " ", start: 1, stop: 0),
        ]
        #expect(DecoderStep.decode(["▁Hey", "▁friend", "<0x21>"], steps: steps) == "Hey friend!")
        #expect(DecoderStep.decode(["▁▁two"], steps: steps) == " two")
    }

    @Test("Metaspace decoder drops ▁ in the first token when it prepends, else makes spaces")
    func metaspace() {
        #expect(DecoderStep.decode(["▁Hey", "▁friend"], steps: [.metaspace(replacement: "▁", prepends: true)]) == "Hey friend")
        #expect(DecoderStep.decode(["▁Hey"], steps: [.metaspace(replacement: "▁", prepends: false)]) == " Hey")
    }
}
