import Foundation

/// The window's scripting and test hooks, read once from the `TOKENGEN_*` variables at start-up and
/// handed to the window and the app (no other UI code reads the environment).
public struct ShellEnvironment: Sendable, Equatable {
    /// `TOKENGEN_READY_FILE`: where readiness events are appended, one per line.
    public var readyFile: URL?
    /// `TOKENGEN_NO_DIALOGS`: errors go to the status bar and stderr only, never to a dialog.
    public var noDialogs = false
    /// `TOKENGEN_NON_UNIQUE`: no single-instance registration on the session bus.
    public var nonUnique = false
    /// `TOKENGEN_TEST_GEOMETRY`: report where the window's parts are (`geometry …` events).
    public var testGeometry = false
    /// `TOKENGEN_TRACE`: report when each analysis update arrived and each draw happened.
    public var trace = false
    /// `TOKENGEN_OPEN_MODEL`, `TOKENGEN_OPEN_COMPARE_MODEL`: answers to the open dialogs.
    public var openModel: String?
    public var openCompareModel: String?
    /// `TOKENGEN_EXPORT_FILE`, `TOKENGEN_EXPORT_DIR`: answers to the export dialogs, with
    /// `TOKENGEN_EXPORT_FORMAT` (png|pdf|svg) and `TOKENGEN_EXPORT_SIZE` (`WIDTHxHEIGHT`).
    public var exportFile: String?
    public var exportDirectory: String?
    public var exportFormat: String?
    public var exportSize: String?
    /// `TOKENGEN_CONFIRM_LONG_RUN` (`run` or `cancel`): the answer to the long-prompt question.
    public var confirmLongRun: Bool?

    /// No hooks: a user's session.
    public init() {}

    /// Reads the hooks from `variables` (the process environment at start-up).
    public init(_ variables: [String: String]) {
        func value(_ name: String) -> String? { variables[name].flatMap { $0.isEmpty ? nil : $0 } }
        readyFile = value("TOKENGEN_READY_FILE").map { URL(fileURLWithPath: $0) }
        noDialogs = variables["TOKENGEN_NO_DIALOGS"] != nil
        nonUnique = variables["TOKENGEN_NON_UNIQUE"] != nil
        testGeometry = variables["TOKENGEN_TEST_GEOMETRY"] != nil
        trace = variables["TOKENGEN_TRACE"] != nil
        openModel = value("TOKENGEN_OPEN_MODEL")
        openCompareModel = value("TOKENGEN_OPEN_COMPARE_MODEL")
        exportFile = value("TOKENGEN_EXPORT_FILE")
        exportDirectory = value("TOKENGEN_EXPORT_DIR")
        exportFormat = value("TOKENGEN_EXPORT_FORMAT")
        exportSize = value("TOKENGEN_EXPORT_SIZE")
        confirmLongRun = value("TOKENGEN_CONFIRM_LONG_RUN").map { $0 == "run" }
    }

    /// The process's hooks, read when first asked for (at start-up).
    public static let current = ShellEnvironment(ProcessInfo.processInfo.environment)
}
