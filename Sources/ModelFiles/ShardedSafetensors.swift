import Foundation
import TensorCore

/// A checkpoint split over several safetensors files, listed by `model.safetensors.index.json`.
///
/// The index's `weight_map` maps each tensor name to its shard's file name (in the same folder).
public struct ShardedSafetensors: WeightSource {
    /// The opened shards, in the order their file names sort.
    public let shards: [SafetensorsFile]
    private let shardOf: [String: Int]
    public let tensorNames: [String]

    /// Opens the index at `indexURL` and every shard it names.
    /// - Throws: `invalidHeader` for a malformed index, `missingTensor` when a shard lacks a listed
    ///   tensor, `notRegularFile` for a FIFO index or shard, and the shards' own errors.
    public init(indexURL: URL) throws {
        let indexName = indexURL.lastPathComponent
        let data = try RegularFile.read(indexURL, limit: RegularFile.configLimit)
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let map = root["weight_map"] as? [String: Any]
        else {
            throw ModelFilesError.invalidHeader(file: indexName, reason: "no weight_map object")
        }
        var fileOf: [String: String] = [:]
        for (tensor, file) in map {
            guard let f = file as? String, !f.isEmpty, !f.hasPrefix("/"),
                !f.split(separator: "/").contains("..")
            else {
                throw ModelFilesError.invalidHeader(file: indexName, reason: "bad shard name for \(tensor)")
            }
            fileOf[tensor] = f
        }
        let folder = indexURL.deletingLastPathComponent()
        let files = Set(fileOf.values).sorted()
        let opened = try files.map { try SafetensorsFile(url: folder.appendingPathComponent($0)) }
        let indexOfFile = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
        var owner: [String: Int] = [:]
        for (tensor, f) in fileOf {
            guard let s = indexOfFile[f], opened[s].info(tensor) != nil else {
                throw ModelFilesError.missingTensor(name: tensor, file: f)
            }
            owner[tensor] = s
        }
        shards = opened
        shardOf = owner
        tensorNames = opened.enumerated().flatMap { s, shard in shard.tensorNames.filter { owner[$0] == s } }
    }

    public func info(_ name: String) -> TensorInfo? {
        shardOf[name].flatMap { shards[$0].info(name) }
    }

    public func tensor(_ name: String) throws -> Tensor {
        guard let s = shardOf[name] else {
            throw ModelFilesError.missingTensor(name: name, file: "model.safetensors.index.json")
        }
        return try shards[s].tensor(name)
    }
}
