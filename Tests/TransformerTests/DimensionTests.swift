import Foundation
import ModelFiles
import TestScratch
import Testing
@testable import Transformer

/// Regression tests for issue 15's crafted configs: every one ends in `invalidDimension` or
/// `modelTooLarge` before a weight is read or a buffer allocated.
@Suite("model dimensions")
struct DimensionTests {
    /// SmolLM2-135M's sizes (PLATFORM-NOTES), valid.
    static let smol = ModelDimensions(
        layers: 30, width: 576, heads: 9, kvHeads: 3, headDim: 64, ffn: 1536, vocabulary: 49152,
        context: 8192, epsilons: [1e-5], widthDividesByHeads: true, ffnMatrices: 3)

    func field(_ d: ModelDimensions) -> String? {
        do {
            try d.validate(source: "t", availableBytes: 1 << 40)
            return nil
        } catch .invalidDimension(_, let field, _, _) {
            return field
        } catch {
            return "\(error)"
        }
    }

    @Test("SmolLM2's sizes pass and its float32 weights are estimated at about 0.5 GB")
    func valid() throws {
        try Self.smol.validate(source: "smol", availableBytes: 1 << 40)
        let bytes = try #require(Self.smol.weightBytes)
        #expect(bytes > 400_000_000 && bytes < 700_000_000)
    }

    @Test("layer counts of −1, 10⁹ and 2⁶² are refused")
    func layers() {
        for n in [-1, 0, 1_000_000_000, 1 << 62] {
            var d = Self.smol
            d.layers = n
            #expect(field(d) == "layers")
        }
    }

    @Test("huge width, heads, KV heads, head size, FFN, vocabulary and context are refused, not overflowed")
    func huge() {
        let cases: [(WritableKeyPath<ModelDimensions, Int>, String)] = [
            (\.width, "width"), (\.heads, "heads"), (\.kvHeads, "key/value heads"), (\.headDim, "head size"),
            (\.ffn, "feed-forward width"), (\.vocabulary, "vocabulary size"), (\.context, "context length"),
        ]
        for (path, name) in cases {
            for value in [Int.max, 1 << 62, 1_000_000_000] {
                var d = Self.smol
                d[keyPath: path] = value
                #expect(field(d) == name, "\(name) = \(value)")
            }
        }
    }

    @Test("3 heads over width 64, and KV heads that do not divide the heads, are refused")
    func divisibility() {
        var d = Self.smol
        (d.width, d.heads, d.kvHeads, d.headDim) = (64, 3, 3, 21)
        #expect(field(d) == "heads")
        d = Self.smol
        d.kvHeads = 2
        #expect(field(d) == "key/value heads")
    }

    @Test("epsilons of 0, infinity, NaN, negative or below Float's range are refused")
    func epsilons() {
        for eps in [0, .infinity, .nan, -1e-5, 1e-300, 2] as [Double] {
            var d = Self.smol
            d.epsilons = [eps]
            #expect(field(d) == "norm epsilon", "eps \(eps)")
        }
    }

    @Test("weights larger than the memory end in modelTooLarge with the estimate")
    func memory() {
        var d = Self.smol
        (d.layers, d.width, d.heads, d.kvHeads, d.headDim, d.ffn) = (1000, 65536, 512, 512, 128, 1 << 18)
        #expect(throws: TransformerError.self) { try d.validate(source: "big", availableBytes: 24 << 30) }
        do {
            try Self.smol.validate(source: "smol", availableBytes: 100_000_000)
            Issue.record("accepted")
        } catch .modelTooLarge(_, let estimated, let available) {
            #expect(estimated > available)
        } catch {
            Issue.record("wrong error \(error)")
        }
    }

    @Test("parallelMap refuses a negative or 2⁶² count instead of overflowing its result array")
    func parallelMapCounts() {
        for n in [-1, 1 << 62, ModelDimensions.Bounds.layers + 1] {
            #expect(throws: TransformerError.self) { _ = try parallelMap(n) { $0 } }
        }
        #expect((try? parallelMap(3) { $0 * 2 }) == [0, 2, 4])
    }

    @Test(
        "parallelMap starts no index above one that failed, and reports the lowest failure",
        arguments: [true, false])
    func parallelMapStopsAtFailure(serial: Bool) {
        // A GGUF declaring 768 layers whose tensors stop after 2 (the fuzzer's round-5 timeout) used to build and
        // fail all 768 blocks. Indices 2, 5 and 900 fail; the error must be index 2's whatever the scheduling.
        let started = Counter()
        #expect(throws: TransformerError.missingTensor(name: "block 2")) {
            _ = try parallelMap(1_000, serial: serial) { i in
                started.add()
                if [2, 5, 900].contains(i) { throw TransformerError.missingTensor(name: "block \(i)") }
                return i
            }
        }
        if serial {
            #expect(started.value == 3)
        } else {
            // Indices already running when index 2 failed still finish: at most one per core.
            #expect(started.value >= 3 && started.value < 3 + 2 * ProcessInfo.processInfo.activeProcessorCount + 8)
        }
        #expect((try? parallelMap(5, serial: serial) { $0 + 1 }) == [1, 2, 3, 4, 5])
    }

    @Test("the fuzzer's 768-layer GGUF whose tensors stop after layer 1 fails at block 2 in well under a second")
    func ggufWithMissingBlocksFailsFast() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fuzz/crashers/gguf/fuzz-timeout-768-layers-2-present.gguf").standardizedFileURL
        let file = try GGUFFile(url: url)
        let start = Date()
        #expect(throws: TransformerError.missingTensor(name: "blk.2.attn_q.weight")) {
            _ = try ModelLoader.loadGGUF(file, fileName: url.lastPathComponent)
        }
        // Generous for a loaded machine or a sanitizer build; building all 768 blocks took seconds under ASan.
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("every GGUF crasher in Tests/Fuzz/crashers loads to a typed error (Gemma 2/3 with 0 heads divided by 0)")
    func ggufCrashers() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fuzz/crashers/gguf").standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "gguf" }
        #expect(files.contains { $0.lastPathComponent == "probe-gemma3-heads-0.gguf" })
        for url in files {
            do {
                _ = try ModelLoader.load(.gguf(url))
                Issue.record("\(url.lastPathComponent) loaded")
            } catch is TransformerError {
            } catch is ModelFilesError {
            } catch {
                Issue.record("\(url.lastPathComponent): untyped error \(error)")
            }
        }
    }

    /// The gpt2-tiny fixture folder with `edit` applied to its config.json.
    static func gpt2Folder(_ edit: (inout [String: Any]) -> Void) throws -> URL {
        try fixtureFolder("gpt2-tiny", edit)
    }

    /// A fixture model folder (weights and tokenizer linked) with `edit` applied to its config.json.
    static func fixtureFolder(_ fixture: String, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/fixtures/models/\(fixture)").standardizedFileURL
        let dir = try TestScratch.folder("dims")
        for name in ["model.safetensors", "tokenizer.json"] {
            try FileManager.default.createSymbolicLink(
                at: dir.appendingPathComponent(name), withDestinationURL: source.appendingPathComponent(name))
        }
        var config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json")))
                as? [String: Any])
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent("config.json"))
        return dir
    }

    @Test("crafted GPT-2 configs (layers 2⁶², −1, heads 3, n_head 10⁹, eps 0, 2⁶² positions) fail before loading")
    func craftedConfigs() throws {
        let edits: [(String, Any, String)] = [
            ("n_layer", 1 << 62, "layers"), ("n_layer", -1, "layers"), ("n_head", 3, "heads"),
            ("n_head", 1_000_000_000, "heads"), ("layer_norm_epsilon", 0, "norm epsilon"),
            ("n_positions", 1 << 62, "context length"), ("n_embd", Int.max, "width"),
        ]
        for (key, value, expected) in edits {
            let dir = try Self.gpt2Folder { $0[key] = value }
            do {
                _ = try ModelLoader.load(.folder(dir))
                Issue.record("\(key) = \(value) loaded")
            } catch TransformerError.invalidDimension(_, let field, _, _) {
                #expect(field == expected, "\(key) = \(value)")
            } catch {
                Issue.record("\(key) = \(value): \(error)")
            }
        }
        // The unedited copy still loads (the validation refuses only what is wrong).
        _ = try ModelLoader.load(.folder(try Self.gpt2Folder { _ in }))
    }

    @Test("crafted Llama configs reach the shared decoder's validation before its per-layer array")
    func craftedDecoderConfigs() throws {
        let edits: [(String, Any, String)] = [
            ("num_hidden_layers", 1 << 62, "layers"), ("num_hidden_layers", -1, "layers"),
            ("num_attention_heads", 3, "key/value heads"), ("rms_norm_eps", 0, "norm epsilon"),
            ("max_position_embeddings", 1 << 62, "context length"), ("head_dim", 1 << 62, "head size"),
            ("num_key_value_heads", 1_000_000_000, "key/value heads"),
            ("rope_parameters", ["rope_theta": 0, "rope_type": "default"] as [String: Any], "RoPE base"),
        ]
        for (key, value, expected) in edits {
            let dir = try Self.fixtureFolder("llama-tiny") { $0[key] = value }
            do {
                _ = try ModelLoader.load(.folder(dir))
                Issue.record("\(key) = \(value) loaded")
            } catch TransformerError.invalidDimension(_, let field, _, _) {
                #expect(field == expected, "\(key) = \(value)")
            } catch {
                Issue.record("\(key) = \(value): \(error)")
            }
        }
        _ = try ModelLoader.load(.folder(try Self.fixtureFolder("llama-tiny") { _ in }))
    }

    @Test("rotary fractions of 10³⁰⁰, 0, 2 and −0.5 are refused (the fuzzer's Phi-3 config trapped converting 10³⁰⁰·head size to Int)")
    func rotaryFractions() throws {
        for value in [1e300, 0, 2, -0.5] {
            let cases: [(String, (inout [String: Any]) -> Void)] = [
                ("phi3-tiny", { config in
                    config["partial_rotary_factor"] = value
                    config["rope_parameters"] = ["partial_rotary_factor": value, "rope_theta": 10000.0, "rope_type": "default"]
                }),
                ("pythia-tiny", { config in
                    config["rope_parameters"] = ["partial_rotary_factor": value, "rope_theta": 10000, "rope_type": "default"]
                }),
            ]
            for (fixture, edit) in cases {
                let dir = try Self.fixtureFolder(fixture, edit)
                do {
                    _ = try ModelLoader.load(.folder(dir))
                    Issue.record("\(fixture) with rotary fraction \(value) loaded")
                } catch TransformerError.invalidDimension(_, let field, _, let rule) {
                    #expect(field == "rotary fraction", "\(fixture) \(value)")
                    #expect(rule.contains("(0, 1]"))
                } catch {
                    Issue.record("\(fixture) \(value): \(error)")
                }
            }
        }
        // The fuzzer's input itself (Tests/Fuzz/crashers/config) parses as a Phi-3 config and fails typed.
        let crasher = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fuzz/crashers/config/fuzz-crash-phi3-partial-rotary-1e300.json")
        let config = try JSONDecoder().decode(Phi3Config.self, from: Data(contentsOf: crasher))
        #expect(throws: TransformerError.self) { _ = try config.layout(source: "crasher") }
        // The unedited fixtures still load.
        _ = try ModelLoader.load(.folder(try Self.fixtureFolder("phi3-tiny") { _ in }))
        _ = try ModelLoader.load(.folder(try Self.fixtureFolder("pythia-tiny") { _ in }))
    }

    @Test("a FIFO config.json fails at once as not a regular file")
    func fifoConfig() throws {
        let dir = try Self.gpt2Folder { _ in }
        let config = dir.appendingPathComponent("config.json")
        try FileManager.default.removeItem(at: config)
        #expect(mkfifo(config.path, 0o644) == 0)
        #expect(throws: ModelFilesError.notRegularFile(path: config.path, kind: "a FIFO (named pipe)")) {
            try ModelLoader.load(.folder(dir))
        }
    }

    @Test("a forward pass whose attention would not fit in memory is refused before allocating")
    func forwardEstimate() {
        #expect(ModelDimensions.forwardBytes(layers: 30, heads: 9, width: 576, tokens: 8) ?? 0 > 0)
        #expect(ModelDimensions.forwardBytes(layers: 1 << 40, heads: 1 << 40, width: 1, tokens: 1 << 20) == nil)
    }
}

/// Counts calls from any thread (for `parallelMapStopsAtFailure`).
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
