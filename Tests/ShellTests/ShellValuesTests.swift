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

    @Test("environment presets give the format and size for scripted exports")
    func presets() {
        let options = ExportDialog.presetOptions([
            "TOKENGEN_EXPORT_FORMAT": "svg", "TOKENGEN_EXPORT_SIZE": "640x480",
        ])
        #expect(options == ExportOptions(format: .svg, width: 640, height: 480))
        #expect(ExportDialog.presetOptions([:]) == ExportOptions())
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
        let reporter = ReadinessReporter(environment: ["TOKENGEN_READY_FILE": file.path])
        reporter.mark("ready")
        reporter.mark("export-finished 5")
        #expect(try String(contentsOf: file, encoding: .utf8) == "ready\nexport-finished 5\n")
        #expect(ReadinessReporter(environment: [:]).fileURL == nil)
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
