import Foundation

/// Tells a test harness what the window is doing, so scripts wait for events instead of sleeping.
///
/// When `TOKENGEN_READY_FILE` is set, each event is appended to that file as one line (`ready`,
/// `analysis-finished`, `export-finished 5`); every event is also printed as `tokengen: EVENT` on stderr.
public struct ReadinessReporter: ReadinessTrace {
    public let fileURL: URL?

    public init(environment: ShellEnvironment = .current) {
        fileURL = environment.readyFile
    }

    public var isRecording: Bool { fileURL != nil }

    /// Records `event`; failures to write are reported on stderr and otherwise ignored.
    public func mark(_ event: ReadinessEvent) { write(event.line) }

    private func write(_ event: String) {
        FileHandle.standardError.write(Data("tokengen: \(event)\n".utf8))
        guard let fileURL else { return }
        let line = Data((event + "\n").utf8)
        if !FileManager.default.fileExists(atPath: fileURL.path) {
            _ = FileManager.default.createFile(atPath: fileURL.path, contents: nil)
        }
        do {
            let handle = try FileHandle(forWritingTo: fileURL)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch {
            FileHandle.standardError.write(Data("tokengen: cannot write \(fileURL.path): \(error)\n".utf8))
        }
    }
}
