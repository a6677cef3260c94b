import Analysis
import ArgumentParser
import Foundation
import ModelFiles

/// `tokengen analyze`: the whole analysis of one prompt, headless, as JSON or a readable table.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyze a prompt: logit lens, metrics, attention, head clusters, contrast, comparison.")

    @Option(help: "Model: a folder, a .gguf file or a Hugging Face cache name (default: the bundled SmolLM2).")
    var model: String?
    @Option(parsing: .unconditional, help: "The prompt (may start with -).") var prompt: String = "The world is full of amazing"
    @Option(parsing: .unconditional, help: "Token ids to run instead of tokenizing the prompt, comma-separated (models without a tokenizer).")
    var ids: String?
    @Option(help: "Query position, 0-based (default: the last token).") var position: Int?
    @Option(name: .customLong("top-k"), help: "Candidates per layer.") var topK: Int = 10
    @Option(parsing: .unconditionalSingleValue, help: "Contrast two candidates: --contrast A B.") var contrast: [String] = []
    @Option(help: "A second model to compare with.") var compare: String?
    @Option(name: .customLong("select-depth"), help: "Comparison selection, depth range: 0.5:1.0.")
    var selectDepth: String?
    @Option(name: .customLong("select-tokens"), help: "Comparison selection, token positions: 2:5 (inclusive).")
    var selectTokens: String?
    @Option(help: "Number of head clusters.") var clusters: Int = 5
    @Option(help: "Head features: row (attention row at the query) or pattern (whole causal pattern).")
    var features: String = "row"
    @Option(help: "Attention aggregation: mean, max, head:H (0-based) or rollout.") var attention: String = "mean"
    @Flag(help: "Add the lens grid (top-1 and next-token probability at every layer and position) to the JSON.")
    var grid = false
    @Option(help: "Activation patching: a corrupted prompt with the same number of tokens (--contrast sets answer and foil).")
    var patch: String?
    @Flag(help: "Write the JSON document (fields in the README).") var json = false
    @Flag(
        name: .customLong("all-positions"),
        help: "Also read the lens out at every prompt position (JSON: \"positions\"); one lens product per position.")
    var allPositions = false
    @OptionGroup(title: "Export") var exporting: ExportOptions

    func run() throws {
        do {
            let request = try makeRequest()
            let registry = try BuiltinPlugins.registry()
            let plan = try exporting.plan(registry: registry)
            let snapshot = try Self.analyze(request)
            if json {
                print(try AnalysisDocument(snapshot).json())
            } else if plan == nil {
                print(TextReport.render(snapshot))
            }
            if let plan {
                // Plugins are main-actor bound; ArgumentParser runs commands on the main thread.
                let written = try MainActor.assumeIsolated { try plan.run(snapshot, registry: registry) }
                if !json { print("wrote \(written.count) files:\n" + written.joined(separator: "\n")) }
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error, json: json)
        }
    }

    /// Runs the request to completion on a session and returns the final snapshot.
    static func analyze(_ request: AnalysisRequest, cache: ModelCache = ModelCache()) throws -> SessionSnapshot {
        let session = AnalysisSession(cache: cache)
        let box = UpdateBox()
        session.subscribe(on: ImmediateScheduler()) { box.set($0) }
        session.start(request)
        session.waitUntilIdle()
        switch box.get() {
        case .finished(let s): return s
        case .failed(let error): throw error
        default: throw CLIError("the analysis stopped without a result")
        }
    }

    func makeRequest() throws -> AnalysisRequest {
        var options = AnalysisOptions()
        options.topK = topK
        options.clusters = clusters
        options.allPositions = allPositions
        // Only the end result is printed: every block's lens in one product after the pass.
        options.streamsLayers = false
        switch features {
        case "row": options.features = .queryRow
        case "pattern": options.features = .fullPattern
        default: throw CLIError("--features must be row or pattern, not \(features)")
        }
        options.attention = try Self.aggregation(attention)
        options.patchPrompt = patch
        options.grid = grid
        if !contrast.isEmpty {
            guard contrast.count == 2 else { throw CLIError("--contrast takes two candidates: --contrast things people") }
            options.contrast = ContrastPair(contrast[0], contrast[1])
        }
        if selectDepth != nil || selectTokens != nil {
            let depth = try Self.range(selectDepth ?? "0:1", name: "--select-depth") { Double($0) }
            let tokens = try Self.range(selectTokens ?? "0:0", name: "--select-tokens") { Int($0) }
            options.selection = ComparisonSelection(
                depthFrom: depth.0, depthTo: depth.1, tokenFrom: tokens.0, tokenTo: tokens.1)
        }
        let idList = try ids.map { text in
            try text.split(separator: ",").map { part -> Int in
                guard let id = Int(part.trimmingCharacters(in: .whitespaces)) else {
                    throw CLIError("--ids must be comma-separated integers, not \(text)")
                }
                return id
            }
        }
        return AnalysisRequest(
            prompt: prompt, promptIDs: idList, model: try ModelOption.resolve(model),
            compareModel: try compare.map { try ModelOption.resolve($0) }, queryPosition: position, options: options)
    }

    static func aggregation(_ text: String) throws -> AttentionAggregation {
        switch text {
        case "mean": return .meanOverHeads
        case "max": return .maxOverHeads
        case "rollout": return .rollout
        default:
            if text.hasPrefix("head:"), let h = Int(text.dropFirst(5)) { return .head(h) }
            throw CLIError("--attention must be mean, max, head:H or rollout, not \(text)")
        }
    }

    static func range<T>(_ text: String, name: String, _ parse: (String) -> T?) throws -> (T, T) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let a = parse(parts[0]), let b = parse(parts[1]) else {
            throw CLIError("\(name) must look like FROM:TO, not \(text)")
        }
        return (a, b)
    }
}

/// Keeps the last update a session delivered (the CLI runs the session to completion).
final class UpdateBox: @unchecked Sendable {
    private let lock = NSLock()
    private var last: SessionUpdate?
    func set(_ update: SessionUpdate) {
        lock.withLock {
            if case .finished = last { return }
            last = update
        }
    }
    func get() -> SessionUpdate? { lock.withLock { last } }
}
