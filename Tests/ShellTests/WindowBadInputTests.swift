import Foundation
import Testing

/// Bad input in the real window: each case shows a clear message and the app keeps running.
/// (In the end-to-end suite, so the two window tests run one after the other.)
extension WindowEndToEndTests {
    @Test(
        "empty and too-long prompts, a corrupt model, a split contrast word and a broken plugin are reported",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(2)))
    func badInputIsReported() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        // A broken external plugin: metadata that is not a plugin description.
        let plugins = scratch.url.appendingPathComponent("data/tokengen/plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try Data("this is not a plugin description\n".utf8).write(
            to: plugins.appendingPathComponent("broken.plugin"))
        let llamaTiny = AppProcess.fixtures.appendingPathComponent("models/llama-tiny").path
        let corrupt = AppProcess.fixtures.appendingPathComponent("bad/bad-magic.gguf").path
        let app = try AppProcess(
            display: xvfb.display, arguments: ["--model", llamaTiny, "--prompt", "hello world"],
            scratch: scratch.url, environment: ["TOKENGEN_OPEN_MODEL": corrupt])
        defer { app.stop() }
        try #require(app.waitFor("analysis-finished", timeout: 60) != nil, "no first analysis:\n\(app.log)")

        // The broken plugin is named with the reason; the built-in plugins still work.
        let pluginError = app.lines().first { $0.hasPrefix("error The plugin") }
        #expect(pluginError?.contains("broken.plugin") == true, "\(app.lines())")

        // Empty prompt: asked to type one, nothing runs.
        var mark = app.lines().count
        let prompt = try #require(app.geometry("prompt"))
        try app.typeInto(prompt, "")
        try #require(
            app.waitFor("status Type a prompt", after: mark, timeout: 10) != nil,
            "no message for an empty prompt\n\(app.recent)")

        // Longer than llama-tiny's 128-token context: the error says so and what to do.
        mark = app.lines().count
        try app.typeInto(prompt, Array(repeating: "word", count: 200).joined(separator: " "))
        let tooLong = app.waitFor("error", after: mark, timeout: 30)
        #expect(tooLong?.contains("context holds 128") == true, "\(app.recent)")

        // A corrupt model file: the error names it, the previous model stays in use.
        mark = app.lines().count
        try app.xdotool("key", "ctrl+o")
        let corruptError = app.waitFor("error", after: mark, timeout: 30)
        #expect(corruptError?.contains("bad-magic.gguf") == true, "\(app.recent)")
        #expect(corruptError?.contains("Still showing llama-tiny") == true, "\(corruptError ?? "no error")")
        mark = app.lines().count
        try app.typeInto(prompt, "hello there world")
        #expect(
            app.waitFor("analysis-finished", after: mark, timeout: 30) != nil, "the old model stopped working"
        )

        // A contrast word that is not one token: the app says only its first piece is compared.
        mark = app.lines().count
        try app.typeInto(try #require(app.geometry("contrast-a")), "zqxjvwk")
        try app.typeInto(try #require(app.geometry("contrast-b")), "world")
        let warning = app.waitFor("warning contrast", after: mark, timeout: 30)
        #expect(warning?.contains("zqxjvwk") == true, "\(app.lines().dropFirst(mark))")

        #expect(app.isRunning, "the app exited:\n\(app.log)")
    }
}
