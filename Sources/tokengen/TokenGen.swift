import ArgumentParser
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
        main(nil)
    }
}
