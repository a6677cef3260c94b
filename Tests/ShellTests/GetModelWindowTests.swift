import Foundation
import Testing

/// "Get model…" in the real window under Xvfb, against the loopback fake hub (`scripts/fake-hub.py`,
/// through HF_ENDPOINT): the catalog opens from the model picker, a typed repository downloads in the
/// background and becomes the analysed model, and a family TokenGen cannot run is refused.
@Suite("tokengen window, Get model", .serialized)
struct GetModelWindowTests {
    @Test(
        "Get model… downloads a repository from the hub, selects it, and refuses an unsupported family",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func getModel() throws {
        let hub = try LoopbackHub()
        defer { hub.stop() }
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let cache = scratch.url.appendingPathComponent("hf-cache")
        let llamaTiny = AppProcess.fixtures.appendingPathComponent("models/llama-tiny").path
        let app = try AppProcess(
            display: xvfb.display, arguments: ["--model", llamaTiny], scratch: scratch.url,
            environment: ["HF_ENDPOINT": hub.endpoint, "HF_HUB_CACHE": cache.path])
        defer { app.stop() }
        try #require(app.waitFor("analysis-finished", timeout: 60) != nil, "no first analysis:\n\(app.log)")
        _ = app.waitFor("geometry model", timeout: 5)
        let picker = try #require(app.geometry("model"), "no model picker geometry\n\(app.recent)")

        // The picker's last item, "Get model…", opens the catalog; every entry gets its size from the hub.
        var mark = app.lines().count
        try app.click(picker)
        usleep(500_000)
        try app.xdotool("key", "End", "Return")
        try #require(
            app.waitFor("get-model-open", after: mark, timeout: 10) != nil, "no dialog\n\(app.recent)")
        try #require(
            app.waitFor("catalog-ready 11", after: mark, timeout: 30) != nil, "catalog\n\(app.recent)")
        usleep(300_000)
        let shot = AppProcess.packageRoot.appendingPathComponent(".build/screenshots/get-model-dialog.png")
        try FileManager.default.createDirectory(
            at: shot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try app.screenshot(to: shot)
        let colors = try AppProcess.distinctColors(in: shot, .init(x: 0, y: 0, width: 660, height: 540))
        #expect(colors > 20, "the dialog looks blank (\(colors) colours)")

        // A typed repository id downloads in the background and becomes the analysed model.
        mark = app.lines().count
        try app.xdotool("type", "--delay", "2", "openai-community/gpt2")
        try app.xdotool("key", "Return")
        let finished = app.waitFor("download-finished openai-community/gpt2", after: mark, timeout: 60)
        try #require(finished != nil, "the download did not finish\n\(app.recent)")
        try #require(
            app.waitFor("analysis-finished", after: mark, timeout: 60) != nil, "no run\n\(app.recent)")
        let status = app.lines().dropFirst(mark).last { $0.hasPrefix("status ") && $0.contains("done in") }
        #expect(status?.contains("openai-community/gpt2") == true, "\(status ?? "no status")")
        let snapshots = cache.appendingPathComponent("models--openai-community--gpt2/snapshots")
        let commits = try FileManager.default.contentsOfDirectory(atPath: snapshots.path)
        #expect(commits.count == 1)
        #expect(
            FileManager.default.fileExists(
                atPath: snapshots.appendingPathComponent("\(commits.first ?? "")/model.safetensors").path))

        // A family TokenGen does not run is refused before anything is stored.
        mark = app.lines().count
        try app.xdotool("key", "ctrl+a", "BackSpace")
        try app.xdotool("type", "--delay", "2", "tiny/mamba")
        try app.xdotool("key", "Return")
        let refused = try #require(
            app.waitFor("download-failed tiny/mamba", after: mark, timeout: 30), "no refusal\n\(app.recent)")
        #expect(refused.contains("“mamba” model, which TokenGen cannot run yet"), "\(refused)")
        #expect(
            !FileManager.default.fileExists(atPath: cache.appendingPathComponent("models--tiny--mamba").path))
    }
}

/// `scripts/fake-hub.py` for window tests (HubTests has the full-featured helper); exits when stdin closes.
private final class LoopbackHub {
    let endpoint: String
    private let process = Process()
    private let input = Pipe()

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", AppProcess.packageRoot.appendingPathComponent("scripts/fake-hub.py").path,
        ]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            line.append(byte)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count >= 2, words[0] == "HUB" else {
            throw AppProcess.Failure(
                description: "the fake hub did not start: \(String(decoding: line, as: UTF8.self))")
        }
        endpoint = String(words[1])
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
