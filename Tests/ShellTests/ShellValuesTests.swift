import Foundation
import Testing
@testable import Shell

@Suite("Export choices")
struct ExportChoicesTests {
    @Test("the format choice wins and a typed chart extension is corrected to it")
    func typedExtension() {
        let (url, options) = ExportDialog.resolve(
            ChooserAnswer(path: "/tmp/fig.SVG", choices: ["format": "pdf", "size": "800x500"]))
        #expect(url.path == "/tmp/fig.pdf")
        #expect(options == ExportOptions(format: .pdf, width: 800, height: 500))
        let (png, _) = ExportDialog.resolve(ChooserAnswer(path: "/tmp/chart.png", choices: ["format": "svg"]))
        #expect(png.path == "/tmp/chart.svg")
    }

    @Test("without a known extension the chosen format's is appended")
    func appendedExtension() {
        let (url, options) = ExportDialog.resolve(
            ChooserAnswer(path: "/tmp/fig.v2", choices: ["format": "pdf"]))
        #expect(url.path == "/tmp/fig.v2.pdf")
        #expect(options.format == .pdf)
        #expect(options.width == 1200 && options.height == 750, "an unknown size keeps the default")
    }

    @Test("sizes parse as WIDTHxHEIGHT and nonsense is refused")
    func sizes() throws {
        let size = try #require(ExportDialog.parseSize("1600x1000"))
        #expect(size == (1600, 1000))
        for bad in ["", "x", "0x10", "-5x10", "10", "axb", "100000x10"] {
            #expect(ExportDialog.parseSize(bad) == nil, "\(bad)")
        }
    }

    @Test("the TOKENGEN_* hooks are read once into one value; empty values count as unset")
    func hooks() {
        let hooks = ShellEnvironment([
            "TOKENGEN_EXPORT_FORMAT": "svg", "TOKENGEN_EXPORT_SIZE": "640x480", "TOKENGEN_TRACE": "1",
            "TOKENGEN_OPEN_MODEL": "", "TOKENGEN_READY_FILE": "/tmp/r",
        ])
        #expect(hooks.exportFormat == "svg" && hooks.exportSize == "640x480" && hooks.trace)
        #expect(hooks.openModel == nil && hooks.readyFile?.path == "/tmp/r" && !hooks.noDialogs)
        #expect(ShellEnvironment([:]) == ShellEnvironment())
    }

    @Test("formats are read from file names case-insensitively")
    func formats() {
        #expect(ExportFormat(fileName: "a.PNG") == .png)
        #expect(ExportFormat(fileName: "a.tar.pdf") == .pdf)
        #expect(ExportFormat(fileName: "noext") == nil)
        #expect(ExportFormat(fileName: "a.jpeg") == nil)
    }
}

@Suite("Shell values")
struct ShellValuesTests {
    @Test("a selection is normalised whichever way it was dragged; a tiny drag is a click")
    func selectionRect() {
        let rect = SelectionRect(from: (x: 50, y: 40), to: (x: 10, y: 100))
        #expect(rect == SelectionRect(x: 10, y: 40, width: 40, height: 60))
        #expect(!rect.isClick)
        #expect(SelectionRect(from: (x: 5, y: 5), to: (x: 6, y: 7)).isClick)
    }

    @Test("token chips make whitespace visible")
    func chipText() {
        #expect(TokenChips.display(" world") == "·world")
        #expect(TokenChips.display("a\nb") == "a⏎b")
        #expect(TokenChips.display("") == "∅")
        #expect(TokenChips.display("the") == "the")
    }

    @Test("readiness events are appended as lines to TOKENGEN_READY_FILE")
    func readiness() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ready-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let reporter = ReadinessReporter(environment: ShellEnvironment(["TOKENGEN_READY_FILE": file.path]))
        reporter.mark(.ready)
        reporter.mark(.exportFinished(count: 5, file: nil))
        #expect(try String(contentsOf: file, encoding: .utf8) == "ready\nexport-finished 5\n")
        #expect(ReadinessReporter(environment: ShellEnvironment()).fileURL == nil)
        #expect(reporter.isRecording && !ReadinessReporter(environment: ShellEnvironment()).isRecording)
    }

    @Test("typed readiness events write the lines the window tests wait for")
    func readinessLines() {
        let lines: [(ReadinessEvent, String)] = [
            (.firstLayer(ms: 48), "first-layer 48 ms"), (.analysisFinished(ms: 542), "analysis-finished 542 ms"),
            (.viewUpdated("top-k", ms: 31), "view-updated top-k 31 ms"),
            (.runEstimate(tokens: 1_101, seconds: 2.64, megabytes: 1_120), "run-estimate 1101 tokens 2.6 s 1120 MB"),
            (.runDeclined(tokens: 1_101), "run-declined 1101 tokens"),
            (.exportFinished(count: 1, file: "a.png"), "export-finished 1 a.png"),
            (.hover(plugin: "timeline", text: nil), "hover timeline none"),
            (.tokens(count: 6, query: -1), "tokens 6 query -1"), (.chips(["The", "·world"]), "chips The|·world"),
            (.geometry(name: "chip-1", x: 10, y: 20, width: 30, height: 22), "geometry chip-1 10 20 30 22"),
            (.copied(rows: 3, header: "layer\ttoken"), "copied 3 layer|token"),
            (.head(layer: 3, head: 9), "head 3 9"), (.downloadFailed("a/b", reason: "offline"), "download-failed a/b: offline"),
            (.trace("layer-0", ms: 12.34, worker: 5), "trace layer-0 12.3 worker 5.0"), (.trace("drawn", ms: 1, worker: nil), "trace drawn 1.0"),
        ]
        for (event, line) in lines { #expect(event.line == line) }
    }

    @Test("only .gguf files and folders count as models")
    func models() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let gguf = folder.appendingPathComponent("m.GGUF")
        let text = folder.appendingPathComponent("notes.txt")
        try Data().write(to: gguf)
        try Data().write(to: text)
        #expect(OpenModelDialog.isModel(folder.path))
        #expect(OpenModelDialog.isModel(gguf.path))
        #expect(!OpenModelDialog.isModel(text.path))
        #expect(!OpenModelDialog.isModel(folder.appendingPathComponent("missing.gguf").path))
    }

    @Test("every shortcut with an action names a win. or app. action, and accelerators are unique")
    func shortcuts() {
        let accelerators = Shortcuts.all.map(\.accelerator)
        #expect(Set(accelerators).count == accelerators.count)
        for entry in Shortcuts.all {
            if let action = entry.action { #expect(action.hasPrefix("win.") || action.hasPrefix("app.")) }
        }
        #expect(Shortcuts.windowXML.contains("&lt;Control&gt;Return"))
    }

    @Test("errors say what is wrong and what to do")
    func errors() {
        #expect(ShellError.notAModel(path: "/x.txt").description.contains("choose a .gguf file"))
        #expect(ShellError.noDisplay.description.contains("cannot open display"))
    }
}
