import Foundation
import ModelFiles
import TensorCore
import Transformer

@testable import Analysis

/// A fixture model run through the analysis session, with its reference tensors.
struct DepthFixture {
    let name: String
    let loaded: LoadedModel
    let reference: FixtureTensors
    let prompts: [[Int]]

    /// Families the depth views cover, by fixture folder; then the F32 GGUF conversions (the default
    /// model's format: GGUF names, RoPE rows un-permuted) checked against the same HF references.
    static let names = [
        "gpt2-tiny", "opt-tiny", "opt-tiny-postln", "llama-tiny", "pythia-tiny", "qwen2-tiny", "qwen3-tiny",
        "gemma2-tiny", "gemma3-tiny", "phi3-tiny", "mistral-tiny",
        "llama-tiny/llama-tiny-f32.gguf", "qwen2-tiny/qwen2-tiny-f32.gguf", "gemma3-tiny/gemma3-tiny-f32.gguf",
        "gpt2-tiny/gpt2-tiny-f32.gguf",
    ]

    /// `name`: a fixture folder, or `folder/file.gguf` for a GGUF in it (the folder's references).
    init(_ name: String) throws {
        self.name = name
        let parts = name.split(separator: "/").map(String.init)
        let folder = fixturesURL().appendingPathComponent("models/\(parts[0])")
        loaded = try ModelLoader.load(
            parts.count > 1 ? .gguf(folder.appendingPathComponent(parts[1])) : .folder(folder))
        let reference = try FixtureTensors(url: folder.appendingPathComponent("reference.safetensors"))
        self.reference = reference
        prompts = try (0..<3).map { i in try reference.ints("p\(i).input_ids").values }
    }

    var model: any DecomposableModel {
        get throws {
            guard let m = loaded.model as? any DecomposableModel else {
                throw AnalysisError.decompositionUnsupported(family: loaded.model.info.family.rawValue)
            }
            return m
        }
    }

    /// The finished snapshot of an analysis of prompt `index` (ids), with the given options.
    func analyze(
        _ index: Int, position: Int? = nil, configure: (inout AnalysisOptions) -> Void = { _ in }
    ) throws -> SessionSnapshot {
        var options = AnalysisOptions()
        options.clusterHeads = false
        options.topK = 5
        configure(&options)
        let location = ModelLocation.folder(URL(fileURLWithPath: "/fixture/\(name)"))
        let session = AnalysisSession(cache: ModelCache { _ in loaded })
        let box = LastUpdate()
        session.subscribe(on: ImmediateScheduler()) { box.set($0) }
        session.start(
            AnalysisRequest(
                prompt: "", promptIDs: prompts[index], model: location, queryPosition: position, options: options))
        session.waitUntilIdle()
        switch box.get() {
        case .finished(let s): return s
        case .failed(let e): throw e
        default: throw AnalysisError.tooFewLayers(found: 0, needed: 1)
        }
    }
}

/// Keeps the last update a session delivered.
final class LastUpdate: @unchecked Sendable {
    private let lock = NSLock()
    private var last: SessionUpdate?
    private(set) var patchingUpdates = 0
    func set(_ u: SessionUpdate) {
        lock.withLock {
            if case .patching = u { patchingUpdates += 1 }
            last = u
        }
    }
    func get() -> SessionUpdate? { lock.withLock { last } }
}
