import Testing
@testable import Tokenizers

/// Expected splits follow the patterns' regex semantics (leftmost-first alternation, greedy runs); the
/// scanners were also compared offline with Python's `regex` module on 70 000 random strings.
@Suite("PreTokenizer")
struct PreTokenizerTests {
    func words(_ text: String, _ preTokenizer: PreTokenizer) -> [String] {
        var words: [String] = []
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            preTokenizer.forEachWord(in: buffer) { words.append(String(decoding: $0, as: UTF8.self)) }
        }
        return words
    }

    @Test("GPT-2: a whitespace run leaves its last space to the next word, except at the end")
    func gpt2Whitespace() {
        let gpt2 = PreTokenizer()
        #expect(words("a   b", gpt2) == ["a", "  ", " b"])
        #expect(words("a   ", gpt2) == ["a", "   "])
        #expect(words("a\nb", gpt2) == ["a", "\n", "b"])
        #expect(words("a \n\tb", gpt2) == ["a", " \n", "\t", "b"])
    }

    @Test("GPT-2: contractions are lower-case only and cut before letters")
    func gpt2Contractions() {
        let gpt2 = PreTokenizer()
        #expect(words("don't", gpt2) == ["don", "'t"])
        #expect(words("DON'T", gpt2) == ["DON", "'", "T"])
        #expect(words("'sun", gpt2) == ["'s", "un"])
        #expect(words("!!'s", gpt2) == ["!!'", "s"])
    }

    @Test("digit splitting isolates every \\p{N} character before the pattern")
    func digitSplitting() {
        #expect(words("x 12 ½", PreTokenizer()) == ["x", " 12", " ½"])
        #expect(words("x 12 ½", PreTokenizer(digits: .individual)) == ["x", " ", "1", "2", " ", "½"])
        #expect(words("x 12 ½", PreTokenizer(digits: .grouped)) == ["x", " ", "12", " ", "½"])
    }

    @Test("add_prefix_space puts a space before text that lacks one")
    func prefixSpace() {
        #expect(words("hi there", PreTokenizer(addPrefixSpace: true)) == [" hi", " there"])
        #expect(words(" hi", PreTokenizer(addPrefixSpace: true)) == [" hi"])
    }

    @Test("Llama-3: case-insensitive contractions, numbers in threes, newline-aware runs")
    func llama3() {
        let llama3 = PreTokenizer(pattern: .llama3)
        #expect(words("I'M here", llama3) == ["I", "'M", " here"])
        #expect(words("12345", llama3) == ["123", "45"])
        #expect(words("a\n\n b", llama3) == ["a", "\n\n", " b"])
        #expect(words("hi!!\n\nyou", llama3) == ["hi", "!!\n\n", "you"])
        #expect(words("\"quoted\"", llama3) == ["\"quoted", "\""])
        #expect(words("  x 1", llama3) == [" ", " x", " ", "1"])
    }
}
