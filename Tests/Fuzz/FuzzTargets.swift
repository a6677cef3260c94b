// libFuzzer entry for every TokenGen parser; built by scripts/fuzz.sh with -sanitize=fuzzer,address,
// outside the package (so `swift build` and `swift test` never compile it). FUZZ_TARGET picks the parser.
import Foundation
@testable import ModelFiles
@testable import PluginKit
@testable import Tokenizers
@testable import Transformer

/// The parsers a run can exercise; each takes the fuzzer's bytes as one file of its format.
enum FuzzTarget: String, CaseIterable {
    case gguf, safetensors, index, zip, pickle, tokenizer, vocabmerges, config, plugin
}

/// A private folder in RAM where inputs become files (the readers take paths, as the app does).
let scratch: URL = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let url = URL(fileURLWithPath: base).appendingPathComponent("tokengen-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    // A valid one-tensor shard, for the index target.
    var shard = Data()
    let header = Array(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.utf8)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { shard.append(contentsOf: $0) }
    shard.append(contentsOf: header)
    shard.append(contentsOf: [UInt8](repeating: 0, count: 8))
    try? shard.write(to: url.appendingPathComponent("a.safetensors"))
    return url
}()

let target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "") ?? .gguf

func file(_ name: String, _ data: Data) -> URL {
    let url = scratch.appendingPathComponent(name)
    try? data.write(to: url)
    return url
}

/// Touches every value of a tensor (reads past the end show up under AddressSanitizer).
func touch(_ source: any WeightSource) {
    for name in source.tensorNames.prefix(64) {
        if let t = try? source.tensor(name) { _ = t.buffer.reduce(0, +) }
    }
}

/// The input as a file in memory (the readers' own code from there on, without a write and a mapping per input).
func memoryFile(_ data: Data, _ name: String) -> MappedFile {
    data.withUnsafeBytes { MappedFile(copying: $0, path: name) }
}

func run(_ data: Data) {
    switch target {
    case .gguf:
        // The reader, then the whole load from the same parse: config, validation, weights, tokenizer.
        guard let f = try? GGUFFile(file: memoryFile(data, "m.gguf")) else { return }
        touch(f)
        if let loaded = try? ModelLoader.loadGGUF(f, fileName: "m.gguf"), let tok = loaded.tokenizer {
            _ = try? tok.encode("Hello -5 apples")
            _ = tok.decode([0, 1, 2])
        }
    case .safetensors:
        if let f = try? SafetensorsFile(file: memoryFile(data, "s.safetensors")) {
            touch(f)
            for e in f.entries { _ = try? f.int32Tensor(e.name) }
        }
    case .index:
        // The index names shard files next to it, so this one target goes through the file system.
        if let f = try? ShardedSafetensors(indexURL: file("model.safetensors.index.json", data)) { touch(f) }
    case .zip:
        _ = data.withUnsafeBytes { try? ZipArchive($0, file: "z") }
        if let f = try? PyTorchCheckpoint(file: memoryFile(data, "p.bin")) { touch(f) }
    case .pickle:
        _ = data.withUnsafeBytes { try? RestrictedPickle(file: "p").load($0) }
    case .tokenizer:
        if let tok = try? BPETokenizer(tokenizerJSON: data) {
            _ = try? tok.encode("Hello -5 apples <|endoftext|> ünïcode")
            _ = tok.decode([0, 1, 2, 3, 1_000_000])
        }
    case .vocabmerges:
        // vocab.json, a NUL byte, merges.txt.
        let split = data.firstIndex(of: 0) ?? data.endIndex
        let merges = split < data.endIndex ? data[(split + 1)...] : Data()
        if let tok = try? BPETokenizer(
            vocabJSON: data[data.startIndex..<split], merges: merges, specialTokens: ["<|endoftext|>"],
            eosToken: "<|endoftext|>")
        {
            _ = try? tok.encode("Hello -5 apples")
        }
    case .config:
        let url = URL(fileURLWithPath: "/fuzz/config.json")  // names the source in messages only
        if let c = try? ModelLoader.decode(GPT2Config.self, data, url) { try? c.dimensions.validate(source: "f") }
        if let c = try? ModelLoader.decode(LlamaConfig.self, data, url), let l = try? c.layout(source: "f", gguf: false) {
            try? l.validate(source: "f")
        }
        if let c = try? ModelLoader.decode(Gemma3Config.self, data, url), let l = try? c.layout(source: "f") {
            try? l.validate(source: "f")
        }
        if let c = try? ModelLoader.decode(Phi3Config.self, data, url), let l = try? c.layout(source: "f") {
            try? l.validate(source: "f")
        }
        if let c = try? ModelLoader.decode(GPTNeoXConfig.self, data, url) { try? c.validate(source: "f") }
        if let c = try? ModelLoader.decode(OPTConfig.self, data, url) { try? c.dimensions.validate(source: "f") }
    case .plugin:
        _ = try? PluginMetadata.parse(data, path: "p.plugin")
        _ = data.withUnsafeBytes { try? ExternalPluginELF(bytes: $0, path: "lib.so") }
    }
}

/// Before the first input: load on this thread only (see `serialLoad`), so LeakSanitizer can stay on.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Int32 {
    setenv("TOKENGEN_SERIAL_LOAD", "1", 1)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let bytes else { return 0 }
    run(Data(bytes: bytes, count: count))
    return 0
}
