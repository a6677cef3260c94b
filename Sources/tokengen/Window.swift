import ArgumentParser
import Foundation
import Shell

/// `tokengen window` (the default command): the GTK window, opened on the default model with the
/// prompt already analyzed.
struct Window: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the window (the default when no subcommand is given).")

    @Option(
        parsing: .unconditional,
        help: "The prompt analyzed when the window opens (default: the last one, or a sample).")
    var prompt: String?
    @Option(
        help: "Model: a folder, a .gguf file or a Hugging Face cache name (default: the bundled SmolLM2).")
    var model: String?
    @Option(help: "A second model to compare with.")
    var compare: String?
    @Option(
        name: .customLong("plugin-path"),
        help: ArgumentHelp("A folder of external plugins (repeatable).", valueName: "DIR"))
    var pluginPaths: [String] = []
    @Argument(help: "A model file or folder to open (the desktop entry's \"Open with\" passes it here).")
    var file: String?

    /// Runs the GTK main loop on this (the main) thread until the window closes.
    func run() throws {
        let options = AppOptions(prompt: prompt, model: model ?? file, compare: compare, pluginPaths: pluginPaths)
        let status = MainActor.assumeIsolated { AppController.runApplication(options) }
        if status != 0 { throw ExitCode(status) }
    }
}

/// What the window command was asked for.
struct AppOptions: Sendable {
    /// The prompt when none was given and none was saved.
    static let samplePrompt = "The world is full of amazing"

    var prompt: String?
    var model: String?
    var compare: String?
    var pluginPaths: [String] = []
}
