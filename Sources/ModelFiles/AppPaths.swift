import Foundation

/// Where TokenGen's data lives: the source tree when run from a build folder, the install prefix when installed.
public enum AppPaths {
    /// The bundled default model's file name.
    public static let defaultModelFile = "SmolLM2-135M-Instruct.Q4_1.gguf"

    /// `$TOKENGEN_DATA_DIR`, else `<tree>/data` when the executable sits in `<tree>/.build/…`,
    /// else `<prefix>/share/tokengen` next to `<prefix>/bin/tokengen`.
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let d = environment["TOKENGEN_DATA_DIR"], !d.isEmpty { return URL(fileURLWithPath: d) }
        let exe = executableURL()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<5 {
            if dir.lastPathComponent.hasPrefix(".build") {
                return dir.deletingLastPathComponent().appendingPathComponent("data")
            }
            dir = dir.deletingLastPathComponent()
        }
        let prefixShare = exe.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/tokengen")
        if FileManager.default.fileExists(atPath: prefixShare.path) { return prefixShare }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("data")
    }

    /// The running executable (`/proc/self/exe`, so a binary found through PATH resolves too).
    static func executableURL() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }

    /// `data/models/` (bundled and downloaded models).
    public static func modelsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let d = environment["TOKENGEN_MODELS_DIR"], !d.isEmpty { return URL(fileURLWithPath: d) }
        return dataDirectory(environment: environment).appendingPathComponent("models")
    }

    /// The default model's path (it may not exist yet: run `make setup`).
    public static func defaultModel(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        modelsDirectory(environment: environment).appendingPathComponent(defaultModelFile)
    }
}
