import Foundation
import ModelFiles
import Transformer

/// Loaded models by path, so a new prompt does not reload; closing a model releases its memory.
public final class ModelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [ModelLocation: LoadedModel] = [:]
    private let loader: @Sendable (ModelLocation) throws -> LoadedModel

    /// - Parameter loader: how to open a model (tests pass a counting or failing loader).
    public init(loader: @escaping @Sendable (ModelLocation) throws -> LoadedModel = { try ModelLoader.load($0) }) {
        self.loader = loader
    }

    /// The model at `location`, loading it on first use.
    public func model(at location: ModelLocation) throws -> LoadedModel {
        if let cached = lock.withLock({ models[location] }) { return cached }
        let loaded = try loader(location)
        lock.withLock { models[location] = loaded }
        return loaded
    }

    /// Whether the model is loaded.
    public func contains(_ location: ModelLocation) -> Bool { lock.withLock { models[location] != nil } }

    /// Forgets the model; its weights are freed once no run uses them.
    public func close(_ location: ModelLocation) { _ = lock.withLock { models.removeValue(forKey: location) } }
}
