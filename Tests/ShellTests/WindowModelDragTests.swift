import Foundation
import Testing

/// The real `tokengen` window under its own Xvfb: dragging the model picker onto the plugin area with
/// xdotool makes the picked model the comparison model, and the next run compares with it.
@Suite("tokengen window, model drag", .serialized)
struct WindowModelDragTests {
    @Test(
        "dragging the model picker onto the charts sets the comparison model",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(2)))
    func dragModelOntoCharts() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let app = try AppProcess(display: xvfb.display, scratch: scratch.url)
        defer { app.stop() }
        try #require(app.waitFor("analysis-finished", timeout: 60) != nil, "no first analysis:\n\(app.log)")
        _ = app.waitFor("geometry pane", timeout: 5)
        let picker = try #require(app.geometry("model"), "no model picker geometry\n\(app.recent)")
        let pane = try #require(app.geometry("pane"), "no pane geometry\n\(app.recent)")

        let mark = app.lines().count
        try app.slowDrag(from: picker.center, to: pane.center)
        let status = app.waitFor("status Comparing with", after: mark, timeout: 10)
        try #require(status != nil, "the drop did not set a comparison model\n\(app.recent)")
        // Comparing the model with itself reuses the kept run: a view update, not a new model run.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !app.lines().dropFirst(mark).contains(where: {
            $0.hasPrefix("analysis-finished") || $0.hasPrefix("view-updated")
        }) { Thread.sleep(forTimeInterval: 0.1) }
        try #require(
            app.lines().dropFirst(mark).contains { $0.hasPrefix("analysis-finished") || $0.hasPrefix("view-updated") },
            "no comparison run\n\(app.lines().dropFirst(mark).joined(separator: "\n"))")
        let done = app.lines().dropFirst(mark).last { $0.hasPrefix("status ") && $0.contains("done in") }
        #expect(done?.contains("compared with") == true, "\(done ?? "no status")")
        #expect(!app.lines().dropFirst(mark).contains { $0.hasPrefix("error") }, "\(app.recent)")
    }
}

extension AppProcess {
    /// Drags with the left button in twenty steps, as a hand would: GTK's drag and drop needs several
    /// motion events over the source and the target, more than `drag(from:to:)` sends.
    func slowDrag(from start: (Int, Int), to end: (Int, Int)) throws {
        var words = ["mousemove", "\(start.0)", "\(start.1)", "mousedown", "1"]
        for step in 1...20 {
            let x = start.0 + (end.0 - start.0) * step / 20, y = start.1 + (end.1 - start.1) * step / 20
            words += ["sleep", "0.05", "mousemove", "\(x)", "\(y)"]
        }
        words += ["sleep", "0.2", "mouseup", "1"]
        try Self.run("/usr/bin/xdotool", words, display: display, timeout: 15)
    }
}
