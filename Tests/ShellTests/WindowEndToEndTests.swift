import Foundation
import Testing

/// The real `tokengen` window under its own Xvfb, driven with xdotool: analyze, pick a token, drag a
/// selection, compare with a second model, export, and a screenshot that shows a chart.
@Suite("tokengen window, end to end", .serialized)
struct WindowEndToEndTests {
    static var toolsInstalled: Bool {
        XvfbSession.isInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/xdotool")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/import")
    }

    @Test(
        "a prompt typed, a token clicked, a timeline drag, a comparison and an export all work",
        .enabled(if: toolsInstalled, "needs Xvfb, xdotool and ImageMagick"), .timeLimit(.minutes(2)))
    func analyzeSelectCompareExport() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let exports = scratch.url.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        let llamaTiny = AppProcess.fixtures.appendingPathComponent("models/llama-tiny").path
        let app = try AppProcess(
            display: xvfb.display, scratch: scratch.url,
            environment: ["TOKENGEN_EXPORT_DIR": exports.path, "TOKENGEN_OPEN_COMPARE_MODEL": llamaTiny])
        defer { app.stop() }

        // The window opens with the sample prompt already analyzed (the default command, no arguments).
        let first = app.waitFor("analysis-finished", timeout: 60)
        try #require(first != nil, "the first analysis did not finish:\n\(app.log)")
        #expect(app.lines().contains("ready"))
        #expect(app.lines().contains { $0.hasPrefix("first-layer") })
        #expect(app.lines().last { $0.hasPrefix("tokens ") } == "tokens 6 query 5")

        // A new prompt: Enter analyzes it; the chips follow.
        var mark = app.lines().count
        let prompt = try #require(app.geometry("prompt"))
        try app.typeInto(prompt, "The capital of France is")
        try #require(
            app.waitFor("analysis-finished", after: mark) != nil, "Enter did not analyze:\n\(app.recent)")
        _ = app.waitFor("tokens ", after: mark, timeout: 5)
        #expect(app.lines().last { $0.hasPrefix("tokens ") } == "tokens 5 query 4")

        // Clicking a chip makes it the query position: its views are recomputed, the model does not run.
        mark = app.lines().count
        try app.click(try #require(app.geometry("chip-1")))
        try #require(
            app.waitFor("view-updated chip", after: mark) != nil, "a chip click did not update\n\(app.recent)"
        )
        _ = app.waitFor("tokens ", after: mark, timeout: 5)
        #expect(app.lines().last { $0.hasPrefix("tokens ") } == "tokens 5 query 1")

        // A drag across the timeline selects a depth range.
        mark = app.lines().count
        let pane = try #require(app.geometry("pane"))
        let y = pane.y + pane.height / 2
        try app.drag(from: (pane.x + pane.width * 3 / 10, y), to: (pane.x + pane.width * 6 / 10, y + 10))
        let selection = try #require(
            app.waitFor("selection ", after: mark, timeout: 10), "no selection\n\(app.recent)")
        let depth = selection.split(separator: " ").dropFirst(2).first.map(String.init) ?? ""
        let bounds = depth.split(separator: "-").compactMap { Double($0) }
        #expect(
            bounds.count == 2 && bounds[0] < bounds[1] && bounds[0] >= 0 && bounds[1] <= 1, "\(selection)")

        // A comparison model (Open Comparison Model, pre-answered): the run compares over the selection.
        mark = app.lines().count
        try app.xdotool("key", "ctrl+alt+o")
        try #require(
            app.waitFor("analysis-finished", after: mark, timeout: 30) != nil,
            "no comparison run\n\(app.recent)")
        let status = app.lines().dropFirst(mark).last { $0.hasPrefix("status ") && $0.contains("done in") }
        #expect(status?.contains("compared with llama-tiny") == true, "\(status ?? "no status")")

        // Export all charts into the folder: every built-in plugin as a real PNG.
        mark = app.lines().count
        try app.xdotool("key", "ctrl+shift+e")
        let exported = app.waitFor("export-finished", after: mark, timeout: 30)
        let ids = [
            "timeline", "heatmap", "clustering", "contrast", "comparison", "lens-grid", "attribution", "patching",
        ]
        #expect(exported == "export-finished \(ids.count)")
        for id in ids {
            let data = (try? Data(contentsOf: exports.appendingPathComponent("\(id).png"))) ?? Data()
            #expect(
                data.count > 1000
                    && data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
                "\(id).png is missing or not a PNG")
        }

        // The screen shows a chart, not a blank pane.
        let shot = scratch.url.appendingPathComponent("screen.png")
        try app.screenshot(to: shot)
        let chart = AppProcess.Box(
            x: pane.x + 20, y: pane.y + 40, width: pane.width - 40, height: pane.height - 60)
        #expect(try AppProcess.distinctColors(in: shot, chart) > 20)
        #expect(app.isRunning, "the app exited:\n\(app.log)")
        #expect(
            !app.lines().contains { $0.hasPrefix("error") }, "\(app.lines().filter { $0.hasPrefix("error") })"
        )

        // Ctrl+Q quits and saves the settings: the prompt and the comparison model are remembered.
        try app.xdotool("key", "ctrl+q")
        let deadline = Date().addingTimeInterval(10)
        while app.isRunning, Date() < deadline { usleep(50_000) }
        #expect(!app.isRunning, "Ctrl+Q did not quit")
        let settings = scratch.url.appendingPathComponent("config/tokengen/settings.json")
        let saved = (try? String(contentsOf: settings, encoding: .utf8)) ?? ""
        #expect(saved.contains("The capital of France is"), "settings: \(saved)")
        #expect(saved.contains("llama-tiny"), "settings: \(saved)")
    }
}

extension WindowEndToEndTests {
    @Test(
        "Top-k, Clusters, Attention, Head, Features, a chip and a drag each update a view, no model re-run",
        .enabled(if: toolsInstalled, "needs Xvfb, xdotool and ImageMagick"), .timeLimit(.minutes(3)))
    func controlsUpdateViewsOnly() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let llamaTiny = AppProcess.fixtures.appendingPathComponent("models/llama-tiny").path
        let app = try AppProcess(
            display: xvfb.display, arguments: ["--compare", llamaTiny], scratch: scratch.url,
            environment: ["TOKENGEN_TRACE": "1"])
        defer { app.stop() }
        try #require(app.waitFor("analysis-finished", timeout: 90) != nil, "no first analysis:\n\(app.log)")
        let runs = app.lines().filter { $0.hasPrefix("first-layer") }.count
        #expect(runs == 1)

        // Spin buttons by their mnemonic, one step up; drop-downs clicked open, then an entry below
        // (Attention: Single head, so that the Head spin button is active).
        let steps: [(name: String, click: String?, keys: [String])] = [
            ("top-k", nil, ["alt+k", "Up"]), ("clusters", nil, ["alt+l", "Up"]),
            ("attention", "attention", ["Down", "Down", "Return"]), ("head", nil, ["alt+h", "Up"]),
            ("features", "features", ["Down", "Return"]),
        ]
        for step in steps {
            let mark = app.lines().count
            if let name = step.click {
                try app.click(try #require(app.geometry(name), "no geometry for \(name)"))
                usleep(500_000)
            }
            for key in step.keys {
                try app.xdotool("key", key)
                usleep(300_000)
            }
            let line = app.waitFor("view-updated \(step.name) ", after: mark, timeout: 30)
            #expect(line != nil, "\(step.name) did not update a view:\n\(app.recent)")
            #expect(!app.lines().dropFirst(mark).contains { $0.hasPrefix("first-layer") }, "\(step.name) re-ran")
        }

        // A chip click moves the query position.
        var mark = app.lines().count
        try app.click(try #require(app.geometry("chip-1")))
        #expect(app.waitFor("view-updated chip ", after: mark) != nil, "chip:\n\(app.recent)")

        // A drag selects a region: the comparison summarises it from the kept runs of both models.
        mark = app.lines().count
        let pane = try #require(app.geometry("pane"))
        let y = pane.y + pane.height / 2
        try app.drag(from: (pane.x + pane.width * 3 / 10, y), to: (pane.x + pane.width * 6 / 10, y + 10))
        #expect(app.waitFor("view-updated drag ", after: mark) != nil, "drag:\n\(app.recent)")

        #expect(app.lines().filter { $0.hasPrefix("first-layer") }.count == runs, "a view change re-ran the model")
        // `analysis-finished` marks model runs only (issue 12): the view changes above added none.
        #expect(
            app.lines().filter { $0.hasPrefix("analysis-finished") }.count == 1,
            "a view change announced a finished run:\n\(app.recent)")
        #expect(!app.lines().contains { $0.hasPrefix("error") }, "\(app.lines().filter { $0.hasPrefix("error") })")
    }
}

/// A temporary folder removed at the end of a test.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tokengen-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}
