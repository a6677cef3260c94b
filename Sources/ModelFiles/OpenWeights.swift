import Foundation

/// Opens the weights of a Hugging Face model folder: `model.safetensors`, else
/// `model.safetensors.index.json` (sharded), else `pytorch_model.bin` (read without running pickle).
/// - Throws: `ModelFilesError.noWeights` when the folder has none of them, and the reader's errors.
public func openWeights(folder: URL) throws -> any WeightSource {
    let fm = FileManager.default
    let single = folder.appendingPathComponent("model.safetensors")
    if fm.fileExists(atPath: single.path) { return try SafetensorsFile(url: single) }
    let index = folder.appendingPathComponent("model.safetensors.index.json")
    if fm.fileExists(atPath: index.path) { return try ShardedSafetensors(indexURL: index) }
    let bin = folder.appendingPathComponent("pytorch_model.bin")
    if fm.fileExists(atPath: bin.path) { return try PyTorchCheckpoint(url: bin) }
    throw ModelFilesError.noWeights(folder: folder.path)
}

/// Opens the weights at a resolved location: a GGUF file, or a model folder (see `openWeights(folder:)`).
public func openWeights(at location: ModelLocation) throws -> any WeightSource {
    switch location {
    case .gguf(let url): try GGUFFile(url: url)
    case .folder(let url): try openWeights(folder: url)
    }
}
