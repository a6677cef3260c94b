import Foundation

/// One event the window reports to test scripts, written as one line of `TOKENGEN_READY_FILE` (the strings
/// the window tests wait for; see Tests/ShellTests/AppProcess.swift).
public enum ReadinessEvent: Sendable, Equatable {
    /// The window drew for the first time.
    case ready
    /// An empty prompt cleared the chips and charts.
    case cleared
    case status(String)
    case error(String)
    /// The query position changed (chip, keyboard or chart click).
    case query(Int)
    /// Pane `index` (titled) is shown; a pane's view `name` was picked.
    case pane(index: Int, title: String)
    case view(pane: String, name: String)
    /// Ctrl+C copied `rows` rows whose header (tab-separated) is given.
    case copied(rows: Int, header: String)
    /// F1 listed this many shortcuts.
    case shortcuts(Int)
    /// With `TOKENGEN_TEST_GEOMETRY`: what the chips show, the token count and query (-1: none), and where a
    /// part of the window is, in X-window pixels.
    case chips([String])
    case tokens(count: Int, query: Int)
    case geometry(name: String, x: Int, y: Int, width: Int, height: Int)
    /// With `TOKENGEN_TEST_GEOMETRY`: a plugin's token colours (`ID=#RRGGBB`, in legend order).
    case colors(plugin: String, pairs: [String])
    /// Exports written: `count` charts (one: with its file name).
    case exportFinished(count: Int, file: String?)
    /// A chart's hover readout changed (nil: it went).
    case hover(plugin: String, text: String?)
    case selection(String)
    /// A layer or a head (1-based, as labelled) was clicked in a chart.
    case layer(Int)
    case head(layer: Int, head: Int)
    /// The Get model dialog: opened, catalogue checked, a download's progress.
    case getModelOpen
    case catalogReady(Int)
    case downloadStarted(String)
    case downloadFinished(String)
    case downloadFailed(String, reason: String)
    /// The analysis: the first layer or the whole run drawn, a view recomputed and drawn, ms after the request.
    case firstLayer(ms: Int)
    case analysisFinished(ms: Int)
    case viewUpdated(String, ms: Int)
    /// A long prompt's estimate was shown, and the user declined it.
    case runEstimate(tokens: Int, seconds: Double, megabytes: Int)
    case runDeclined(tokens: Int)
    /// A corrupted prompt could not be patched.
    case patchingError(String)
    /// A contrast word is several tokens: its first is compared.
    case contrastSplit(text: String, pieces: Int)
    /// With `TOKENGEN_TRACE`: an update (or a draw) reached the main thread `ms` after the request; `worker`:
    /// the session queue's own time when it sent the update.
    case trace(String, ms: Double, worker: Double?)

    /// The event's line.
    public var line: String {
        switch self {
        case .ready: "ready"
        case .cleared: "cleared"
        case .status(let text): "status \(text)"
        case .error(let message): "error \(message)"
        case .query(let index): "query \(index)"
        case .pane(let index, let title): "pane \(index) \(title)"
        case .view(let pane, let name): "view \(pane) \(name)"
        case .copied(let rows, let header): "copied \(rows) \(header.replacingOccurrences(of: "\t", with: "|"))"
        case .shortcuts(let count): "shortcuts \(count)"
        case .chips(let labels): "chips \(labels.joined(separator: "|"))"
        case .tokens(let count, let query): "tokens \(count) query \(query)"
        case .geometry(let name, let x, let y, let width, let height): "geometry \(name) \(x) \(y) \(width) \(height)"
        case .colors(let plugin, let pairs): "colors \(plugin) " + pairs.joined(separator: " ")
        case .exportFinished(let count, let file): "export-finished \(count)" + (file.map { " \($0)" } ?? "")
        case .hover(let plugin, let text): "hover \(plugin) \(text ?? "none")"
        case .selection(let text): "selection \(text)"
        case .layer(let layer): "layer \(layer)"
        case .head(let layer, let head): "head \(layer) \(head)"
        case .getModelOpen: "get-model-open"
        case .catalogReady(let rows): "catalog-ready \(rows)"
        case .downloadStarted(let repo): "download-started \(repo)"
        case .downloadFinished(let repo): "download-finished \(repo)"
        case .downloadFailed(let repo, let reason): "download-failed \(repo): \(reason)"
        case .firstLayer(let ms): "first-layer \(ms) ms"
        case .analysisFinished(let ms): "analysis-finished \(ms) ms"
        case .viewUpdated(let name, let ms): "view-updated \(name) \(ms) ms"
        case .runEstimate(let tokens, let seconds, let megabytes):
            "run-estimate \(tokens) tokens \(String(format: "%.1f", seconds)) s \(megabytes) MB"
        case .runDeclined(let tokens): "run-declined \(tokens) tokens"
        case .patchingError(let message): "patching-error \(message)"
        case .contrastSplit(let text, let pieces):
            "warning contrast “\(text)” is not a single token (\(pieces) pieces): its first piece is compared"
        case .trace(let name, let ms, let worker):
            "trace \(name) \(String(format: "%.1f", ms))" + (worker.map { String(format: " worker %.1f", $0) } ?? "")
        }
    }
}

/// Where the window's readiness events go: one value made at start-up (from `TOKENGEN_READY_FILE`) and
/// handed to the window and the app; tests may hand in their own.
public protocol ReadinessTrace: Sendable {
    /// Records `event`; never fails (a write error is reported on stderr).
    func mark(_ event: ReadinessEvent)
    /// Whether events are recorded anywhere but stderr (a scripted run).
    var isRecording: Bool { get }
}
