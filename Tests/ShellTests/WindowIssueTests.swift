import Foundation
import Testing

/// The window as a user meets it (issue 13), end to end under Xvfb with the tiny Llama fixture:
/// keyboard use, hover readouts, copying, an 800×600 window, and the numbered bugs of the hands-on
/// test. Chart text is read back from PDF exports (pdftotext), never from our own drawing code.
extension WindowEndToEndTests {
    static var pdfToolsInstalled: Bool {
        toolsInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
    }

    static var llamaTiny: String { AppProcess.fixtures.appendingPathComponent("models/llama-tiny").path }

    /// Starts the app on llama-tiny with `prompt` and waits for the first finished analysis.
    static func launch(
        _ xvfb: XvfbSession, _ scratch: Scratch, prompt: String = "the quick brown fox jumps",
        environment: [String: String] = [:], arguments: [String] = []
    ) throws -> AppProcess {
        let app = try AppProcess(
            display: xvfb.display, arguments: ["--model", llamaTiny, "--prompt", prompt] + arguments,
            scratch: scratch.url, environment: environment)
        guard app.waitFor("analysis-finished", timeout: 90) != nil else {
            throw AppProcess.Failure(description: "no first analysis:\n\(app.log)")
        }
        return app
    }

    /// Exports the current chart as PDF (TOKENGEN_EXPORT_FILE must be set) and returns its text.
    static func chartText(_ app: AppProcess, folder: URL) throws -> String {
        let mark = app.lines().count
        try app.xdotool("key", "ctrl+e")
        guard let line = app.waitFor("export-finished 1 ", after: mark, timeout: 30) else {
            throw AppProcess.Failure(description: "no export\n\(app.recent)")
        }
        let name = String(line.dropFirst("export-finished 1 ".count))
        return try AppProcess.run(
            "/usr/bin/pdftotext", ["-layout", folder.appendingPathComponent(name).path, "-"], display: nil,
            timeout: 20)
    }

    /// Shows chart `n` (1-based) with Alt+n and waits until the window says so.
    static func showPane(_ app: AppProcess, _ n: Int) throws {
        let mark = app.lines().count
        try app.xdotool("key", "alt+\(n)")
        guard app.waitFor("pane \(n - 1) ", after: mark, timeout: 10) != nil else {
            throw AppProcess.Failure(description: "Alt+\(n) did not switch\n\(app.recent)")
        }
    }

    @Test(
        "the keyboard alone moves the query, switches charts, copies data and lists the keys",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func keyboardOnly() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let app = try Self.launch(xvfb, scratch)
        defer { app.stop() }
        let count = try #require(app.lines().last { $0.hasPrefix("tokens ") }).split(separator: " ")[1]
        let last = (Int(count) ?? 1) - 1

        // Alt+Left / Alt+Right move the query position and report it.
        var mark = app.lines().count
        try app.xdotool("key", "alt+Left")
        #expect(app.waitFor("query \(last - 1)", after: mark, timeout: 10) != nil, "\(app.recent)")
        try #require(app.waitFor("view-updated", after: mark, timeout: 60) != nil)
        mark = app.lines().count
        try app.xdotool("key", "alt+Right")
        #expect(app.waitFor("query \(last)", after: mark, timeout: 10) != nil, "\(app.recent)")
        try #require(app.waitFor("view-updated", after: mark, timeout: 60) != nil)

        // A chip takes focus on a click; Tab to the next one and Enter, then Tab and Space.
        mark = app.lines().count
        try app.click(try #require(app.geometry("chip-0")))
        try #require(app.waitFor("query 0", after: mark, timeout: 10) != nil, "\(app.recent)")
        try #require(app.waitFor("view-updated", after: mark, timeout: 60) != nil)
        mark = app.lines().count
        try app.xdotool("key", "Tab", "Return")
        #expect(app.waitFor("query 1", after: mark, timeout: 10) != nil, "Enter on a chip\n\(app.recent)")
        try #require(app.waitFor("view-updated", after: mark, timeout: 60) != nil)
        mark = app.lines().count
        try app.xdotool("key", "Tab", "space")
        #expect(app.waitFor("query 2", after: mark, timeout: 10) != nil, "Space on a chip\n\(app.recent)")
        try #require(app.waitFor("view-updated", after: mark, timeout: 60) != nil)

        // Ctrl+PageDown / PageUp and Alt+N switch charts.
        mark = app.lines().count
        try app.xdotool("key", "ctrl+Next")
        #expect(app.waitFor("pane 1 ", after: mark, timeout: 10) != nil, "Ctrl+PageDown\n\(app.recent)")
        mark = app.lines().count
        try app.xdotool("key", "ctrl+Prior")
        #expect(app.waitFor("pane 0 ", after: mark, timeout: 10) != nil, "Ctrl+PageUp\n\(app.recent)")
        try Self.showPane(app, 4)
        try Self.showPane(app, 1)

        // Ctrl+C copies the Timeline's data as TSV: a header of layer and the tokens followed.
        mark = app.lines().count
        try app.xdotool("key", "ctrl+c")
        let copied = app.waitFor("copied ", after: mark, timeout: 10)
        let rows = copied.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
        #expect(
            rows >= 2 && copied?.contains(" layer|") == true, "\(copied ?? "nothing copied")\n\(app.recent)")

        // F1 lists the shortcuts (the window opens with every listed entry).
        mark = app.lines().count
        try app.xdotool("key", "F1")
        let listed = app.waitFor("shortcuts ", after: mark, timeout: 10)
        #expect((listed.flatMap { Int($0.split(separator: " ")[1]) } ?? 0) >= 14, "\(listed ?? "no help")")
        #expect(app.isRunning, "the app exited:\n\(app.log)")
    }

    @Test(
        "pointing at a chart shows its values and a heatmap click chooses the query token",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func hoverReadouts() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let app = try Self.launch(xvfb, scratch)
        defer { app.stop() }
        let pane = try #require(app.geometry("pane"))

        // Timeline: layer, token, probability and rank.
        var mark = app.lines().count
        try app.xdotool("mousemove", "\(pane.x + pane.width / 2)", "\(pane.y + pane.height / 2)")
        let timeline = app.waitFor("hover timeline ", after: mark, timeout: 10)
        #expect(
            timeline?.contains("layer ") == true && timeline?.contains("p = ") == true
                && timeline?.contains("rank ") == true, "\(timeline ?? "no readout")\n\(app.recent)")
        let shot = scratch.url.appendingPathComponent("hover.png")
        try app.screenshot(to: shot)

        // Heatmap: the cell's layer, token and attention; a click makes its token the query.
        try Self.showPane(app, 2)
        mark = app.lines().count
        let x = pane.x + pane.width * 2 / 5, y = pane.y + pane.height / 2
        try app.xdotool("mousemove", "\(x)", "\(y + 1)", "mousemove", "\(x)", "\(y)")
        let heatmap = app.waitFor("hover heatmap ", after: mark, timeout: 10)
        #expect(heatmap?.contains("attention ") == true, "\(heatmap ?? "no readout")\n\(app.recent)")
        // The readout names the token column under the pointer: "… · token N “…” · …".
        let words = (heatmap ?? "").split(separator: " ")
        let column = try #require(words.firstIndex(of: "token").flatMap { Int(words[$0 + 1]) })
        // Leaving the chart clears the readout.
        mark = app.lines().count
        try app.xdotool("mousemove", "\(pane.x + 5)", "\(pane.y - 60)")
        #expect(app.waitFor("hover heatmap none", after: mark, timeout: 10) != nil, "\(app.recent)")

        // A click on a column makes its token the query position.
        mark = app.lines().count
        try app.xdotool("mousemove", "\(x)", "\(y)", "click", "1")
        #expect(app.waitFor("query \(column)", after: mark, timeout: 10) != nil, "a heatmap click\n\(app.recent)")
        try #require(app.waitFor("view-updated", after: mark, timeout: 60) != nil)
        _ = app.waitFor("tokens ", after: mark, timeout: 5)  // the geometry follows `view-updated`
        #expect(app.lines().last { $0.hasPrefix("tokens ") } == "tokens 5 query \(column)")
    }

    @Test(
        "an 800×600 window shows every control and a usable chart",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(2)))
    func smallWindow() throws {
        let xvfb = try XvfbSession.start(screen: "800x600x24")
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let config = scratch.url.appendingPathComponent("config/tokengen")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data(#"{"windowWidth": 800, "windowHeight": 600}"#.utf8).write(
            to: config.appendingPathComponent("settings.json"))
        let app = try Self.launch(xvfb, scratch)
        defer { app.stop() }
        let window = try #require(app.geometry("window"))
        #expect(window.width <= 800 && window.height <= 600, "window \(window)")
        for name in ["prompt", "model", "compare", "contrast-a", "contrast-b", "pane", "status"] {
            let box = try #require(app.geometry(name), "\(name) not laid out")
            #expect(box.x >= 0 && box.x + box.width <= 800 && box.y + box.height <= 600, "\(name) \(box)")
        }
        let pane = try #require(app.geometry("pane"))
        #expect(pane.height >= 200 && pane.width >= 600, "pane \(pane)")
        let shot = scratch.url.appendingPathComponent("small.png")
        try app.screenshot(to: shot)
        let chart = AppProcess.Box(x: pane.x + 20, y: pane.y + 40, width: pane.width - 40, height: pane.height - 60)
        #expect(try AppProcess.distinctColors(in: shot, chart) > 10)
    }
}
