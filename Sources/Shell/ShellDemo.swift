import CGtk
import Dispatch
import Foundation

/// A pane that draws a few shapes and remembers its selection: for the demo and for tests.
@MainActor public final class DemoPane: ChartPane {
    public let title: String
    private let hue: Double
    public private(set) var drawCount = 0
    public private(set) var lastSelection: SelectionRect?
    public private(set) var selectionEvents = 0
    /// Bars shown; the demo grows them as fake "layers" arrive.
    public var values: [Double] = [0.2, 0.5, 0.35, 0.8, 0.6]

    public init(title: String, hue: Double) {
        self.title = title
        self.hue = hue
    }

    public func draw(_ cr: OpaquePointer, width: Double, height: Double) {
        drawCount += 1
        let dark = SystemAppearance.isDark
        cairo_set_source_rgb(cr, dark ? 0.12 : 0.98, dark ? 0.12 : 0.98, dark ? 0.13 : 0.98)
        cairo_paint(cr)
        let margin = 30.0
        let slot = (width - 2 * margin) / Double(max(values.count, 1))
        for (index, value) in values.enumerated() {
            let barHeight = (height - 2 * margin) * value
            cairo_set_source_rgb(cr, hue, 0.45, 1 - hue)
            cairo_rectangle(
                cr, margin + Double(index) * slot + 4, height - margin - barHeight, slot - 8, barHeight)
            cairo_fill(cr)
        }
        cairo_new_sub_path(cr)
        cairo_arc(cr, width - 60, 60, 24, 0, 2 * Double.pi)
        cairo_set_source_rgb(cr, 1 - hue, 0.6, hue)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, dark ? 0.9 : 0.1, dark ? 0.9 : 0.1, dark ? 0.9 : 0.1)
        cairo_move_to(cr, margin, margin - 8)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_font_size(cr, 14)
        cairo_show_text(cr, "\(title) — \(Int(width))×\(Int(height))")
    }

    public func selectionChanged(_ rect: SelectionRect?) {
        lastSelection = rect
        selectionEvents += 1
    }
}

/// Opens the window with two fake panes and fake analyses, to check the shell by eye and by script.
///
/// Analyze splits the prompt on spaces into tokens and "computes" five layers on a background queue,
/// delivering progress with `DispatchQueue.main.async` and a `Task { @MainActor in }` (both through the
/// main-loop bridge) and the result with `GLibScheduler`; every callback is logged on stderr as `demo: …`.
public enum ShellDemo {
    /// Runs the demo window; settings go to a scratch file in the temporary folder.
    /// - Parameter unique: register on the session bus (single instance), as the real app does.
    @MainActor public static func run(prompt: String? = nil, unique: Bool = false) -> Int32 {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("tokengen-demo").appendingPathComponent("settings.json")
        let app = ShellApplication(
            unique: unique, initialPrompt: prompt, settingsStore: SettingsStore(fileURL: scratch))
        let panes = [DemoPane(title: "Timeline", hue: 0.2), DemoPane(title: "Heatmap", hue: 0.8)]
        app.onWindowCreated = { window in
            log("window created (dark: \(window.isDark))")
            wire(window, panes: panes)
        }
        return app.run()
    }

    @MainActor static func wire(_ window: MainWindow, panes: [DemoPane]) {
        panes.forEach { window.addPane($0) }
        window.setModels(
            [
                ModelEntry(name: "SmolLM2-135M (Q4_1)", path: "smollm2"),
                ModelEntry(name: "gpt2-tiny", path: "gpt2-tiny"),
            ], selected: 0)
        window.setStatus("Demo: type a prompt and press Enter")
        window.onModelChosen = { log("model \($0)") }
        window.onCompareModelChosen = { log("compare \($0 ?? "none")") }
        window.onTokenClicked = { index in
            log("token \(index)")
            window.setTokens(window.tokens, queryIndex: index)
        }
        window.onSelectionChanged = { pane, rect in log("selection \(pane) \(rect.map { "\($0)" } ?? "nil")")
        }
        window.onSettingsChanged = { log("controls \($0)") }
        window.onExport = { pane, url, options in log("export \(pane) \(url.path) \(options)") }
        window.onExportAll = { url, options in log("export-all \(url.path) \(options)") }
        window.onAnalyze = { prompt in
            log("analyze \(prompt)")
            let tokens = prompt.split(separator: " ", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? String($0.element) : " " + $0.element }
            window.setTokens(tokens, queryIndex: tokens.count - 1)
            window.setProgress(0)
            DispatchQueue.global().async {
                for layer in 1...5 {
                    usleep(60_000)
                    DispatchQueue.main.async {
                        MainActor.assumeIsolated {
                            window.setProgress(Double(layer) / 5)
                            for pane in panes {
                                pane.values = (0..<5).map { Double(($0 + layer) % 5 + 1) / 6 }
                            }
                            window.queueRedraw()
                        }
                    }
                }
                Task { @MainActor in
                    window.setProgress(nil)
                    log("main-actor task ran")
                }
                GLibScheduler().schedule {
                    MainActor.assumeIsolated {
                        window.setStatus("Analyzed \(tokens.count) tokens")
                        window.markReady("analysis-finished")
                    }
                }
            }
        }
    }

    private static func log(_ message: String) {
        FileHandle.standardError.write(Data("demo: \(message)\n".utf8))
    }
}
