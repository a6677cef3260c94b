import ChildProcesses
import Foundation
import Testing

/// The real `tokengen` binary running its window on a test X server, driven like a user would.
///
/// The app reports what it is doing as lines in a ready file (`TOKENGEN_READY_FILE`): `ready`,
/// `first-layer …`, `analysis-finished …`, `status …`, `error …`, `selection …`,
/// `export-finished N [FILE]`, `hover PLUGIN TEXT` (the readout changed; `none` when it went),
/// `query K` (the query position changed by chip, keyboard or chart click), `pane N TITLE`,
/// `view TITLE NAME`, `copied ROWS HEADER`, `shortcuts N`, `cleared`, and, with
/// `TOKENGEN_TEST_GEOMETRY`, `geometry NAME X Y W H`, `chips A|B|…` and `tokens N query Q` at the
/// first layer and after each finished analysis.
/// Every wait has a timeout; `stop()` kills the app by its own pid.
final class AppProcess {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A widget's rectangle in root-window pixels.
    struct Box {
        let x: Int, y: Int, width: Int, height: Int
        var center: (Int, Int) { (x + width / 2, y + height / 2) }
    }

    let pid: pid_t
    let readyFile: URL
    let logFile: URL
    let display: String

    /// The package root: the folder holding Package.swift above this file.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    static var fixtures: URL { packageRoot.appendingPathComponent("../shared/fixtures").standardized }

    /// `TOKENGEN_TEST_APP` when set (`make check-tsan` / `check-asan` name their instrumented build, so the
    /// app's own threads are checked too), else `.build/release/tokengen` (what `make test` builds first),
    /// else `.build/debug/tokengen`.
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["TOKENGEN_TEST_APP"], !path.isEmpty {
            let url = URL(fileURLWithPath: path, relativeTo: packageRoot).standardizedFileURL
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw Failure(
                    description: "TOKENGEN_TEST_APP names \(url.path), which is not an executable: build it first "
                        + "or unset TOKENGEN_TEST_APP")
            }
            return url
        }
        for config in ["release", "debug"] {
            let url = packageRoot.appendingPathComponent(".build/\(config)/tokengen")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Failure(
            description: "no tokengen binary in .build/release or .build/debug: run "
                + "`swift build -c release --product tokengen` (make test does) before these tests")
    }

    /// Starts `tokengen ARGUMENTS` on `display` with a scratch config and data folder in `scratch`.
    init(display: String, arguments: [String] = [], scratch: URL, environment extra: [String: String] = [:])
        throws
    {
        self.display = display
        readyFile = scratch.appendingPathComponent("ready.txt")
        logFile = scratch.appendingPathComponent("tokengen.log")
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "WAYLAND_DISPLAY")
        let fixed: [String: String] = [
            "DISPLAY": display, "GDK_BACKEND": "x11", "TOKENGEN_READY_FILE": readyFile.path,
            "TOKENGEN_NO_DIALOGS": "1", "TOKENGEN_NON_UNIQUE": "1", "TOKENGEN_TEST_GEOMETRY": "1",
            "XDG_CONFIG_HOME": scratch.appendingPathComponent("config").path,
            "XDG_DATA_HOME": scratch.appendingPathComponent("data").path, "NO_AT_BRIDGE": "1",
        ]
        environment.merge(fixed) { $1 }
        environment.merge(extra) { $1 }
        let binary = try Self.binary()
        // No inherited descriptors, and killed when the test process dies (see ChildProcess).
        pid = try ChildProcess.spawn([binary.path] + arguments, environment: environment, output: logFile.path)
    }

    // MARK: Ready file

    /// The ready file's lines so far.
    func lines() -> [String] {
        let text = (try? String(contentsOf: readyFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Waits for a line starting with `prefix` after the first `after` lines; returns it, or nil on
    /// timeout or when the app died.
    @discardableResult
    func waitFor(_ prefix: String, after: Int = 0, timeout: TimeInterval = 30) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = lines().dropFirst(after).first(where: { $0.hasPrefix(prefix) }) { return line }
            if !isRunning { return nil }
            usleep(50_000)
        }
        return nil
    }

    /// The latest `geometry NAME …` box.
    func geometry(_ name: String) -> Box? {
        guard let line = lines().last(where: { $0.hasPrefix("geometry \(name) ") }) else { return nil }
        let numbers = line.split(separator: " ").dropFirst(2).compactMap { Int($0) }
        guard numbers.count == 4 else { return nil }
        return Box(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
    }

    /// The last ready-file lines and stderr lines, for failure messages.
    var recent: String {
        let events = lines().suffix(12).joined(separator: "\n")
        let errors = log.split(separator: "\n").suffix(8).joined(separator: "\n")
        return "ready file (last lines):\n\(events)\nstderr (last lines):\n\(errors)"
    }

    /// What the app wrote on stderr (for failure messages).
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    // MARK: Process

    var isRunning: Bool { ChildProcess.isRunning(pid) }

    /// SIGTERM, SIGKILL after 3 s, and reap; then a sanitizer report in the app's stderr fails the test.
    func stop() {
        ChildProcess.terminate(pid)
        guard !sanitizerChecked else { return }
        sanitizerChecked = true
        if let report = Self.sanitizerReport(in: log) {
            Issue.record("the app (\(logFile.path)) reported:\n\(report)")
        }
    }

    private var sanitizerChecked = false

    deinit { stop() }

    /// The first ThreadSanitizer / AddressSanitizer / LeakSanitizer report in `log` (its first 40 lines),
    /// or nil. Only an instrumented app (`TOKENGEN_TEST_APP`) writes one.
    static func sanitizerReport(in log: String) -> String? {
        let markers = ["WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer"]
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { line in markers.contains { line.contains($0) } }) else {
            return nil
        }
        return lines[start...].prefix(40).joined(separator: "\n")
    }

    // MARK: Input and screen

    /// Runs `xdotool ARGS` on the app's display (10 s timeout).
    func xdotool(_ arguments: String...) throws {
        try Self.run("/usr/bin/xdotool", arguments, display: display, timeout: 10)
    }

    func click(_ box: Box) throws {
        let (x, y) = box.center
        try xdotool("mousemove", "\(x)", "\(y)", "click", "1")
    }

    /// Drags with the left button from (x1, y1) to (x2, y2) in a few steps.
    func drag(from start: (Int, Int), to end: (Int, Int)) throws {
        var words = ["mousemove", "\(start.0)", "\(start.1)", "mousedown", "1"]
        for step in 1...4 {
            let x = start.0 + (end.0 - start.0) * step / 4, y = start.1 + (end.1 - start.1) * step / 4
            words += ["sleep", "0.05", "mousemove", "\(x)", "\(y)"]
        }
        words += ["sleep", "0.05", "mouseup", "1"]
        try Self.run("/usr/bin/xdotool", words, display: display, timeout: 10)
    }

    /// Replaces the text of the entry at `box` with `text` and presses Enter.
    func typeInto(_ box: Box, _ text: String) throws {
        try click(box)
        try xdotool("key", "ctrl+a", "BackSpace")
        if !text.isEmpty { try xdotool("type", "--delay", "2", text) }
        try xdotool("key", "Return")
    }

    /// Saves the whole screen as PNG.
    func screenshot(to url: URL) throws {
        try Self.run("/usr/bin/import", ["-window", "root", url.path], display: display, timeout: 20)
    }

    /// The number of distinct colours in a region of a PNG (ImageMagick).
    static func distinctColors(in png: URL, _ box: Box) throws -> Int {
        let output = try run(
            "/usr/bin/convert",
            [
                png.path, "-crop", "\(box.width)x\(box.height)+\(box.x)+\(box.y)", "+repage", "-format", "%k",
                "info:",
            ],
            display: nil, timeout: 20)
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], display: String?, timeout: TimeInterval) throws
        -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let display { environment["DISPLAY"] = display }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) timed out")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) failed (\(process.terminationStatus)): \(output)")
        }
        return output
    }
}
