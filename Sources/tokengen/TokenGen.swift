import ArgumentParser
import Foundation
import TensorCore

/// The `tokengen` command: the window by default, subcommands for headless work.
@main
struct TokenGen: ParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "tokengen",
        abstract: "See how a transformer language model arrives at its next token.",
        version: version,
        subcommands: [Window.self, Doctor.self, Tokenize.self, Analyze.self, Download.self, Bench.self, Plugins.self],
        defaultSubcommand: Window.self
    )

    static func main() {
        // Before any thread runs BLAS: pick fast kernels where OpenBLAS's autodetection falls back.
        _ = BLASKernelSelection.selected
        let arguments = CommandLineInput.rewrite(Array(CommandLine.arguments.dropFirst()))
        let json = arguments.contains("--json")
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            // Help and --version exit 0 with ArgumentParser's text; a usage error is one line, exit 1.
            guard exitCode(for: error) != .success else { exit(withError: error) }
            let line = CommandLineInput.usageLine(fullMessage(for: error))
            Foundation.exit(fail(CLIError(line), json: json).rawValue)
        }
        do {
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
