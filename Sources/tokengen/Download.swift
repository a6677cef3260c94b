import ArgumentParser
import Foundation
import Hub
import Transformer

/// `tokengen download`: fetches a model from the Hugging Face Hub into the shared cache.
struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download a model from the Hugging Face Hub into the shared cache.",
        discussion: """
            Files go to the cache Python tools use ($HF_HUB_CACHE, else $HF_HOME/hub, else \
            ~/.cache/huggingface/hub). Without --file: config, tokenizer and weight files. \
            HF_TOKEN (or $HF_HOME/token) is sent for gated models; HF_ENDPOINT picks a mirror; \
            HF_HUB_OFFLINE=1 only checks the cache. An interrupted download resumes when run again.
            """)

    @Argument(help: "The repository: ORG/NAME, or a bare NAME such as gpt2.")
    var repo: String
    @Option(help: "A branch, tag or commit.") var revision = "main"
    @Option(
        name: .customLong("file"),
        help: ArgumentHelp("Download only this file (repeatable).", valueName: "NAME"))
    var files: [String] = []
    @Flag(help: "Write one JSON object: {repo, revision, commit, path, files: [{name, size, sha256}]}.")
    var json = false

    func run() throws {
        InterruptNotice.install()
        let settings = HubSettings()
        let progress = isatty(2) == 1 ? ProgressLine() : nil
        do {
            let result = try HubDownloader(settings: settings).download(
                DownloadRequest(repo: repo, revision: revision, files: files)
            ) { event in progress?.handle(event) }
            progress?.finish()
            noteIfUnsupported(result)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(result.path)
            }
        } catch {
            progress?.finish()
            throw fail(error, json: json)
        }
    }

    /// Tells (on stderr) when the downloaded model is of a family TokenGen cannot run yet.
    private func noteIfUnsupported(_ result: DownloadResult) {
        let config = URL(fileURLWithPath: result.path).appendingPathComponent("config.json")
        guard let data = try? Data(contentsOf: config),
            let type = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["model_type"]
                as? String,
            ModelRegistry.modelTypes[type] == nil
        else { return }
        let runs = ModelRegistry.modelTypes.keys.sorted().joined(separator: ", ")
        FileHandle.standardError.write(
            Data(
                "note: \(result.repo) is a “\(type)” model, which TokenGen cannot run yet (it runs \(runs))\n"
                    .utf8))
    }
}

/// Ctrl+C during a download: say that the partial file is kept, and exit 130 at once. The part received
/// is already on disk in `blobs/<etag>.incomplete`; the next run resumes it.
enum InterruptNotice {
    static func install() {
        signal(SIGINT, interruptHandler)
    }
}

private func interruptHandler(_ signal: Int32) {
    let message = "\ninterrupted: the part downloaded is kept; run the same command again to resume\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    _exit(130)
}
