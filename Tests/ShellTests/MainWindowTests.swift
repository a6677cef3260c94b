import Analysis
import CGtk
import Dispatch
import Foundation
import Testing
@testable import Shell

/// Everything that needs GTK, in one serialized suite and one test: GTK can be initialised only once
/// per process, on one thread, and the X server must outlive every GTK object.
@Suite("Main window under Xvfb", .serialized)
@MainActor
struct MainWindowTests {
    @Test(
        "the window builds, draws its panes, reports selections, tokens, actions and exports",
        .enabled(if: XvfbSession.isInstalled, "Xvfb is not installed (apt-get install xvfb)"))
    func mainWindow() throws {
        // The process's own server, never stopped: GTK stays initialised and connected for the rest of the
        // process, and GDK exits the whole test process (status 1) when its X connection is lost.
        let xvfb = try XvfbSession.forThisProcess()
        try #require(gtk_init_check() != 0, "GTK could not open \(xvfb.display)")

        let readyFile = FileManager.default.temporaryDirectory.appendingPathComponent("ready-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: readyFile) }
        let window = MainWindow(
            environment: ShellEnvironment(["TOKENGEN_READY_FILE": readyFile.path, "TOKENGEN_NO_DIALOGS": "1"]))
        let dialogs = AnsweringDialogs()
        window.dialogs = dialogs
        let panes = [DemoPane(title: "First", hue: 0.2), DemoPane(title: "Second", hue: 0.7)]
        panes.forEach { window.addPane($0) }
        let log = EventLog()
        window.onAnalyze = { log.add("analyze \($0)") }
        window.onTokenClicked = { log.add("token \($0)") }
        window.onSelectionChanged = { log.add("selection \($0) \($1 == nil ? "nil" : "rect")") }
        window.onModelChosen = { log.add("model \($0)") }
        window.onCompareModelChosen = { log.add("compare \($0 ?? "none")") }
        window.onSettingsChanged = { log.add("controls topK=\($0.topK)") }
        window.onExport = { log.add("export \($0) \($1.lastPathComponent) \($2.format)") }
        window.onExportAll = { log.add("export-all \($0.lastPathComponent) \($1.format)") }
        window.present()

        // Drawing and readiness.
        #expect(spin { panes[0].drawCount > 0 }, "the visible pane's draw function was never called")
        #expect(spin { (try? String(contentsOf: readyFile, encoding: .utf8))?.hasSuffix("ready\n") == true })
        window.currentPane = 1
        #expect(spin { panes[1].drawCount > 0 }, "switching pages did not draw the second pane")

        // Coalesced redraws: fifty requests, one queued draw.
        let view = window.panes[1]
        let queuedBefore = view.queuedDraws
        let drawsBefore = panes[1].drawCount
        for _ in 0..<50 { window.queueRedraw() }
        #expect(spin { panes[1].drawCount > drawsBefore })
        _ = spin(for: 0.2)
        #expect(view.queuedDraws == queuedBefore + 1)
        #expect(panes[1].drawCount - drawsBefore <= 2)

        // Selection through the API reaches the pane and the window callback; nil clears it.
        let rect = SelectionRect(x: 10, y: 20, width: 100, height: 50)
        window.setSelection(rect, pane: 0)
        #expect(panes[0].lastSelection == rect)
        #expect(window.selection(pane: 0) == rect)
        window.setSelection(nil, pane: 0)
        #expect(panes[0].lastSelection == nil)
        #expect(panes[0].selectionEvents == 2)
        #expect(panes[1].selectionEvents == 0)

        checkTokens(window, log: log)
        checkActions(window, log: log)
        checkControlsAndModels(window, log: log)
        checkModelDrag(window, log: log)
        checkGetModelItem(window, log: log)
        checkStatusAndTheme(window)
        checkScheduler()

        window.removeAllPanes()
        #expect(window.paneCount == 0)
        #expect(window.addPane(DemoPane(title: "Again", hue: 0.5)) == 0)

        window.close()
        _ = spin(for: 0.1)
        if let display = gdk_display_get_default() { gdk_display_close(display) }
    }

    private func checkTokens(_ window: MainWindow, log: EventLog) {
        window.setTokens(Self.entries(["The", " world", " is"]), queryIndex: 2)
        let chips = window.chips.chips.map(\.chip)
        #expect(chips.count == 3)
        #expect(window.queryIndex == 2)
        #expect(chips.map { gtk_toggle_button_get_active(g($0)) != 0 } == [false, false, true])
        #expect(Accessibility.tooltip(chips[1])?.contains("Token 1") == true)
        log.clear()
        gtk_widget_activate(chips[1])  // a click; GtkButton emits "clicked" after its press animation
        #expect(spin { !log.events.isEmpty })
        #expect(log.events == ["token 1"])
        #expect(window.queryIndex == 1)
        #expect(chips.map { gtk_toggle_button_get_active(g($0)) != 0 } == [false, true, false])
        window.setTokens(Self.entries(["a"]), queryIndex: 9)
        #expect(window.chips.chips.count == 1)
        #expect(window.queryIndex == 0, "an out-of-range query index is clamped")
        window.setTokens([], queryIndex: nil)
        #expect(window.chips.chips.isEmpty)
        checkLongPromptChips(window)
    }

    /// A long prompt gets the chips near the query at once, the rest in idle batches (issue 12); a query
    /// moved to a token without a chip builds the chips up to it.
    private func checkLongPromptChips(_ window: MainWindow) {
        window.setTokens(Self.entries((0..<1_100).map { " w\($0)" }), queryIndex: 1_099)
        let first = window.chips.built
        #expect(first.count == TokenChips.eagerWindow && first.upperBound == 1_100, "\(first)")
        #expect(window.chips.labels.count == 1_100, "every label is known before its chip")
        #expect(window.chips.chips.last.map { gtk_toggle_button_get_active(g($0.chip)) != 0 } == true)
        window.chooseQuery(900)
        #expect(window.chips.built.lowerBound <= 900 && window.chips.built.upperBound == 1_100)
        let active = window.chips.chips.filter { gtk_toggle_button_get_active(g($0.chip)) != 0 }
        #expect(active.map(\.index) == [900])
        window.fillTokenChips()
        #expect(spin(timeout: 30) { window.chips.isComplete }, "the idle batches built every chip")
        #expect(window.chips.chips.map(\.index) == Array(0..<1_100), "one chip per token, in order")
        let labels = window.chips.chips.prefix(3).compactMap {
            gtk_button_get_label(g($0.chip)).map { String(cString: $0) }
        }
        #expect(labels == ["·w0", "·w1", "·w2"])
        window.setTokens([], queryIndex: nil)
    }

    private func checkActions(_ window: MainWindow, log: EventLog) {
        log.clear()
        window.prompt = "   "
        window.activateAction("win.analyze")
        #expect(log.events.isEmpty, "an empty prompt is not analyzed")
        #expect(window.statusText.contains("Type a prompt"))
        window.prompt = "The world is"
        window.activateAction("win.analyze")
        #expect(log.events == ["analyze The world is"])

        log.clear()
        window.currentPane = 0
        window.activateAction("win.export")
        window.activateAction("win.export-all")
        // The test's presenter answered both dialogs; the export name is the chart's.
        #expect((window.dialogs as? AnsweringDialogs)?.asked == ["export first", "export-all"])
        #expect(log.events == ["export 0 first.svg svg", "export-all charts svg"])

        let shortcuts = Shortcuts.present(over: window.window)
        #expect(shortcuts != nil, "the shortcuts window's XML did not build")
        if let shortcuts { gtk_window_destroy(g(shortcuts)) }
    }

    private func checkControlsAndModels(_ window: MainWindow, log: EventLog) {
        log.clear()
        let values = AnalysisControls(
            topK: 5, clusters: 3, aggregation: .head, head: 2, features: .pattern,
            contrastA: " cat", contrastB: " dog")
        window.controls = values
        #expect(window.controls == values)
        #expect(log.events.isEmpty, "setting controls from the app does not report a change")
        window.controls.topK = 7
        gtk_spin_button_set_value(g(window.controlsRow.topKSpin), 8)
        #expect(log.events == ["controls topK=8"])

        log.clear()
        window.setModels(
            [ModelEntry(name: "A", path: "model-a"), ModelEntry(name: "B", path: "model-b")],
            selected: 0)
        #expect(log.events.isEmpty, "setModels does not report a choice")
        gtk_drop_down_set_selected(g(window.header.modelDropDown), 1)
        gtk_drop_down_set_selected(g(window.header.compareDropDown), 1)
        gtk_drop_down_set_selected(g(window.header.compareDropDown), 0)
        #expect(log.events == ["model model-b", "compare model-a", "compare none"])
        #expect(window.settings.recentModels.isEmpty, "a model is remembered only once it opened")
        window.rememberModel("model-b")
        #expect(window.settings.recentModels == ["model-b"])

        log.clear()
        window.chooseModel("/nonexistent/file.txt")
        #expect(log.events.isEmpty, "a path that is not a model is refused")
        #expect(window.statusText.contains("not a model"))
    }

    private func checkStatusAndTheme(_ window: MainWindow) {
        window.setStatus("Loading")
        #expect(window.statusText == "Loading")
        window.setProgress(0.5)
        #expect(window.statusBar.progressVisible)
        window.setProgress(nil)
        #expect(!window.statusBar.progressVisible)
        let dark = SystemAppearance.isDark
        SystemAppearance.setPreferDark(!dark)
        #expect(window.isDark == !dark)
        SystemAppearance.setPreferDark(false)
    }

    private func checkScheduler() {
        let flag = Flag()
        DispatchQueue.global().async { GLibScheduler().schedule { flag.set() } }
        #expect(spin { flag.isSet }, "work scheduled from another thread never ran on the GLib loop")
    }

    /// Iterates the default main context until `condition` holds or `timeout` passes.
    /// Tokens shown as their own text.
    private static func entries(_ texts: [String]) -> [TokenEntry] {
        texts.enumerated().map { TokenEntry(id: $0, text: $1) }
    }

    private func spin(timeout: TimeInterval = 5, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() > deadline { return false }
            if g_main_context_iteration(nil, 0) == 0 { usleep(2_000) }
        }
        return true
    }

    private func spin(for seconds: TimeInterval) -> Bool {
        spin(timeout: seconds) { false }
    }
}

/// What the window's callbacks reported, in order.
@MainActor final class EventLog {
    private(set) var events: [String] = []
    func add(_ event: String) { events.append(event) }
    func clear() { events.removeAll() }
}

/// A thread-safe boolean for work done on another thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A dialog presenter that answers at once and records what it was asked (the window's seam).
@MainActor final class AnsweringDialogs: DialogPresenter {
    private(set) var asked: [String] = []

    func chooseModel(folder: Bool, comparison: Bool, completion: @escaping @MainActor (String) -> Void) {
        asked.append(comparison ? "compare" : "model")
    }

    func chooseExportFile(
        suggestedName: String, completion: @escaping @MainActor (URL, ExportOptions) -> Void
    ) {
        asked.append("export \(suggestedName)")
        completion(URL(fileURLWithPath: "/tmp/\(suggestedName).svg"), ExportOptions(format: .svg))
    }

    func chooseExportFolder(completion: @escaping @MainActor (URL, ExportOptions) -> Void) {
        asked.append("export-all")
        completion(URL(fileURLWithPath: "/tmp/charts", isDirectory: true), ExportOptions(format: .svg))
    }

    func showError(_ message: String) { asked.append("error") }
}
