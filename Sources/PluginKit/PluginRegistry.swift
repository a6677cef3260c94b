/// How to make one plugin: its metadata (read without making it) and a factory.
public struct PluginFactory: Sendable {
    public let info: PluginInfo
    public let make: @MainActor @Sendable () -> any VisualizationPlugin

    public init(info: PluginInfo, make: @escaping @MainActor @Sendable () -> any VisualizationPlugin) {
        self.info = info
        self.make = make
    }
}

/// The plugins an app can show, by id, in the order they were registered.
///
/// Built-in plugins are registered statically by the executable (PluginKit cannot import them);
/// external plugins are added as they load.
public struct PluginRegistry: Sendable {
    public private(set) var factories: [PluginFactory] = []

    public init(_ factories: [PluginFactory] = []) throws {
        for f in factories { try register(f) }
    }

    /// Adds a plugin.
    /// - Throws: `.duplicatePlugin` when the id is taken, `.invalidInfo` when the metadata is unusable.
    public mutating func register(_ factory: PluginFactory) throws {
        try PluginInfoCheck.validate(factory.info)
        guard !ids.contains(factory.info.id) else { throw PluginError.duplicatePlugin(id: factory.info.id) }
        factories.append(factory)
    }

    public var ids: [String] { factories.map(\.info.id) }

    /// A new instance of the plugin `id`.
    /// - Throws: `.unknownPlugin` naming the ids there are.
    @MainActor public func make(_ id: String) throws -> any VisualizationPlugin {
        guard let f = factories.first(where: { $0.info.id == id }) else {
            throw PluginError.unknownPlugin(id: id, known: ids)
        }
        return f.make()
    }
}

/// Checks a plugin's metadata before it is shown.
public enum PluginInfoCheck {
    /// - Throws: `.invalidInfo` for an empty or non-identifier id, an empty title or version,
    ///   or an API version other than this build's.
    public static func validate(_ info: PluginInfo) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        guard !info.id.isEmpty, info.id.allSatisfy({ allowed.contains($0) }) else {
            throw PluginError.invalidInfo(
                id: info.id, reason: "the id must be lowercase letters, digits, - or _")
        }
        guard !info.title.isEmpty else {
            throw PluginError.invalidInfo(id: info.id, reason: "the title is empty")
        }
        guard !info.version.isEmpty else {
            throw PluginError.invalidInfo(id: info.id, reason: "the version is empty")
        }
        guard info.apiVersion == PluginInfo.currentAPIVersion else {
            throw PluginError.invalidInfo(
                id: info.id,
                reason:
                    "built for plugin API \(info.apiVersion), this build has \(PluginInfo.currentAPIVersion)")
        }
    }
}
