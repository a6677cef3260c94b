import Foundation

/// Reads and writes `ShellSettings` as JSON in `$XDG_CONFIG_HOME/tokengen/settings.json`.
///
/// Settings are a convenience: a missing or corrupt file gives the defaults (with a warning on stderr
/// for a corrupt one), never an error. Writes are atomic (temporary file, then rename), so a crash
/// mid-write leaves the previous file intact.
public struct SettingsStore: Sendable {
    public let fileURL: URL
    private let warn: @Sendable (String) -> Void

    /// - Parameter warn: where warnings go; stderr by default.
    public init(fileURL: URL, warn: @escaping @Sendable (String) -> Void = SettingsStore.warnOnStderr) {
        self.fileURL = fileURL
        self.warn = warn
    }

    /// The store at the XDG location: `$XDG_CONFIG_HOME` if set and absolute, else `~/.config`.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        warn: @escaping @Sendable (String) -> Void = SettingsStore.warnOnStderr
    ) {
        self.init(fileURL: Self.defaultFileURL(environment: environment), warn: warn)
    }

    public static func defaultFileURL(environment: [String: String]) -> URL {
        let base: URL
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".config")
        }
        return base.appendingPathComponent("tokengen").appendingPathComponent("settings.json")
    }

    /// The saved settings, or the defaults when there are none or they cannot be read.
    public func load() -> ShellSettings {
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return ShellSettings() }
        do {
            let data = try Data(contentsOf: fileURL)
            return try JSONDecoder().decode(ShellSettings.self, from: data)
        } catch {
            warn(
                "tokengen: warning: ignoring unreadable settings file \(fileURL.path) (\(error)); "
                    + "using defaults — it will be replaced when settings are next saved")
            return ShellSettings()
        }
    }

    /// Writes `settings` atomically, creating the folder if needed.
    public func save(_ settings: ShellSettings) throws(ShellError) {
        do {
            try FileManager.default.createDirectory(
                at: fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(settings).write(to: fileURL, options: .atomic)
        } catch {
            throw .settingsNotSaved(path: fileURL.path, reason: "\(error)")
        }
    }

    public static let warnOnStderr: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
