import Foundation
import TestScratch
import Testing

/// Issue 15: free text may start with `-`, usage errors are one line (JSON with --json) and exit 1,
/// and a FIFO given as a model fails at once.
@Suite("tokengen arguments", .serialized)
struct ArgumentTests {
    @Test("tokenize --text \"-5 apples\" is text, not an option")
    func dashText() throws {
        let r = try TokenGenBinary.run(["tokenize", "--text", "-5 apples", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let tokens = try #require(try r.json()["tokens"] as? [String])
        #expect(tokens.joined() == "-5 apples")
    }

    @Test("analyze accepts a prompt and contrast tokens that start with -")
    func dashPromptAndContrast() throws {
        let r = try TokenGenBinary.run(["analyze", "--prompt", "-5 apples and", "--contrast", "-", " more", "--json"])
        #expect(r.status == 0, "\(r.stderr)\(r.stdout.prefix(300))")
        #expect(try r.json()["contrast"] != nil)
    }

    @Test("a usage error with --json is one JSON line on stdout and exit 1")
    func usageErrorJSON() throws {
        let r = try TokenGenBinary.run(["tokenize", "--json"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let message = try #require(try r.json()["error"] as? String)
        #expect(message.contains("--text"))
    }

    @Test("a usage error without --json is one line on stderr and exit 1")
    func usageErrorText() throws {
        let r = try TokenGenBinary.run(["analyze", "--top-k", "many"])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.hasPrefix("error: "))
    }

    @Test("--help still prints the usage and exits 0")
    func help() throws {
        let r = try TokenGenBinary.run(["tokenize", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--text"))
    }

    @Test("a FIFO given as the model fails at once with exit 1 and says what it is")
    func fifoModel() throws {
        let dir = try TestScratch.folder("cli-fifo")
        let pipe = dir.appendingPathComponent("model.gguf").path
        #expect(mkfifo(pipe, 0o644) == 0)
        let r = try TokenGenBinary.run(["tokenize", "--model", pipe, "--text", "hi", "--json"])
        #expect(r.status == 1)
        #expect((try r.json()["error"] as? String)?.contains("FIFO") == true)
    }
}
