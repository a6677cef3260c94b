import ArgumentParser
import Foundation

/// Turns the raw arguments into what ArgumentParser reads, and usage errors into the README's form.
///
/// Free text (a prompt, a contrast token) may start with `-` (`--prompt "-5 apples"`); those options are
/// declared `.unconditional`. `--contrast A B` takes two values where either may start with `-`, which no
/// parsing strategy of ArgumentParser allows, so it is rewritten to `--contrast A --contrast B` first.
/// Usage errors then print one line (`{"error": …}` with `--json`) and exit 1, like every other failure,
/// instead of ArgumentParser's usage text and exit 64.
enum CommandLineInput {
    /// `--contrast A B` → `--contrast A --contrast B`; a second value starting with `--` is an option.
    static func rewrite(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            if arg == "--" {
                out.append(contentsOf: arguments[i...])
                break
            }
            if arg == "--contrast", i + 1 < arguments.count {
                out += ["--contrast", arguments[i + 1]]
                i += 2
                if i < arguments.count, !arguments[i].hasPrefix("--") {
                    out += ["--contrast", arguments[i]]
                    i += 1
                }
                continue
            }
            out.append(arg)
            i += 1
        }
        return out
    }

    /// One line for a usage error: ArgumentParser's first line, without its `Error: ` prefix.
    static func usageLine(_ message: String) -> String {
        let first = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        let line = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
        return line.isEmpty ? "invalid arguments: run `tokengen --help`" : line + " (see `tokengen --help`)"
    }
}
