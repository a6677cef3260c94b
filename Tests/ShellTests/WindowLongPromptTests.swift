import Foundation
import Testing

/// A prompt over 1,024 tokens shows its estimated time and memory before it runs (issue 12): Cancel
/// leaves it unrun, Run runs it. The answer comes from `TOKENGEN_CONFIRM_LONG_RUN`, which stands in for
/// the dialog's buttons as `TOKENGEN_OPEN_MODEL` does for the open dialog.
extension WindowEndToEndTests {
    /// About 1,100 tokens of the default model's tokenizer (" word" is one token).
    static let longPrompt = Array(repeating: "word", count: 1_100).joined(separator: " ")

    static var defaultModel: String {
        AppProcess.packageRoot.appendingPathComponent("data/models/SmolLM2-135M-Instruct.Q4_1.gguf").path
    }

    @Test(
        "a long prompt is estimated first: Cancel runs nothing, Run runs it once",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func longPromptAsksFirst() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        for answer in ["cancel", "run"] {
            let scratch = try Scratch()
            let app = try AppProcess(
                display: xvfb.display, arguments: ["--model", Self.defaultModel, "--prompt", Self.longPrompt],
                scratch: scratch.url, environment: ["TOKENGEN_CONFIRM_LONG_RUN": answer])
            defer { app.stop() }
            let estimate = try #require(app.waitFor("run-estimate", timeout: 60), "no estimate:\n\(app.log)")
            // "run-estimate 1101 tokens 2.6 s 1120 MB"
            let words = estimate.split(separator: " ")
            let tokens = words.count > 1 ? Int(words[1]) ?? 0 : 0
            #expect(tokens > 1_024, "\(estimate)")
            #expect(estimate.hasSuffix(" MB") && estimate.contains(" s "), "\(estimate)")
            // While the question waits, the status bar says so (not "Loading model…").
            let waiting = app.lines().contains { $0.hasPrefix("status Waiting for confirmation: \(tokens) tokens") }
            #expect(waiting, "\(app.recent)")
            if answer == "cancel" {
                try #require(app.waitFor("run-declined", timeout: 30) != nil, "\(app.recent)")
                #expect(app.waitFor("status Not run", timeout: 10) != nil, "\(app.recent)")
                Thread.sleep(forTimeInterval: 2)
                #expect(!app.lines().contains { $0.hasPrefix("first-layer") }, "it ran anyway:\n\(app.recent)")
            } else {
                try #require(app.waitFor("analysis-finished", timeout: 150) != nil, "no run:\n\(app.recent)")
                let lines = app.lines()
                #expect(lines.filter { $0.hasPrefix("run-estimate") }.count == 1, "asked twice:\n\(app.recent)")
                #expect(lines.filter { $0.hasPrefix("first-layer") }.count == 1, "\(app.recent)")
            }
        }
    }
}
