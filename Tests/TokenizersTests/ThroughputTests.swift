import Foundation
import Testing
@testable import Tokenizers

@Suite("BPETokenizer throughput")
struct ThroughputTests {
    /// Text made of every fixture case, shuffled with a fixed seed, about `megabytes` long.
    static func caseCorpus(megabytes: Double) -> String {
        var generator = SplitMix(seed: 42)
        var text = ""
        while Double(text.utf8.count) < megabytes * 1_000_000 {
            for item in Fixtures.cases.shuffled(using: &generator) { text += item.text + " " }
        }
        return text
    }

    /// Text decoded from random GPT-2 ids: few repeated words, so the word cache rarely helps.
    static func randomTokenCorpus(tokenizer: BPETokenizer, tokens: Int) -> String {
        var generator = SplitMix(seed: 7)
        let ids = (0..<tokens).map { _ in Int.random(in: 0..<50256, using: &generator) }
        return tokenizer.decode(ids)
    }

    static func megabytesPerSecond(_ tokenizer: BPETokenizer, _ text: String) throws -> (Double, Int) {
        let start = threadCPUSeconds()
        let ids = try tokenizer.encode(text)
        let seconds = threadCPUSeconds() - start
        return (Double(text.utf8.count) / 1_000_000 / seconds, ids.count)
    }

    /// CPU time of this thread: other processes sharing the cores do not count against the tokenizer.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    #if DEBUG
        static let minimumMBPerSecond = 0.05
    #else
        static let minimumMBPerSecond = 5.0
    #endif

    @Test("encoding runs at a usable speed and reports MB/s (release: above 5 MB/s of CPU time)")
    func throughput() throws {
        let gpt2 = try Fixtures.gpt2JSON.get()
        let smollm2 = try Fixtures.smollm2GGUF.get()
        let cases = Self.caseCorpus(megabytes: 2)
        let random = Self.randomTokenCorpus(tokenizer: gpt2, tokens: 200_000)
        let (gpt2Cases, _) = try Self.megabytesPerSecond(gpt2, cases)
        let (smolCases, _) = try Self.megabytesPerSecond(smollm2, cases)
        let (gpt2Random, count) = try Self.megabytesPerSecond(gpt2, random)
        print(
            String(
                format: "Tokenizer throughput: gpt2 cases %.1f MB/s, smollm2(gguf) cases %.1f MB/s, "
                    + "gpt2 random tokens %.1f MB/s (%d bytes → %d ids)",
                gpt2Cases, smolCases, gpt2Random, random.utf8.count, count))
        #expect(gpt2Cases > Self.minimumMBPerSecond)
        #expect(smolCases > Self.minimumMBPerSecond)
        #expect(gpt2Random > Self.minimumMBPerSecond / 2)
    }

    @Test("loading tokenizer.json takes a reasonable time and reports it")
    func loadTime() throws {
        let start = Date()
        _ = try BPETokenizer(tokenizerJSONURL: Fixtures.url("tokenizer/smollm2/tokenizer.json"))
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "Tokenizer load: smollm2 tokenizer.json in %.3f s", seconds))
        #expect(seconds < 30)
    }
}

/// A small seeded generator so corpora are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
