import ArgumentParser
import Foundation
import ModelFiles

/// Resolves a `--model` value (path, cache name or bundled name); nil means the bundled default model.
enum ModelOption {
    static func resolve(_ name: String?) throws -> ModelLocation {
        guard let name else {
            let url = AppPaths.defaultModel()
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw CLIError("the default model is missing at \(url.path): run `make setup` to fetch it")
            }
            return .gguf(url)
        }
        return try ModelLocator(bundledModels: AppPaths.modelsDirectory()).resolve(name)
    }
}

/// A command-line failure with the message to show.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Prints an error the way every subcommand does: as JSON when asked, else on stderr; exits 1.
func fail(_ error: Error, json: Bool) -> ExitCode {
    // Clipped: a message quoting a hostile file stays one short line.
    let message = ErrorText.clip("\(error)")
    if json {
        let escaped = (try? JSONEncoder().encode(["error": message])).map { String(decoding: $0, as: UTF8.self) }
        print(escaped ?? "{\"error\": \"failed\"}")
    } else {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
    return ExitCode(1)
}
