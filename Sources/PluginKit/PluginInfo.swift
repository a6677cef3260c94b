/// What a plugin says about itself; also read from an external plugin's metadata file before its code loads.
public struct PluginInfo: Sendable, Equatable, Codable {
    /// Stable identifier, e.g. `timeline`.
    public var id: String
    public var title: String
    public var description: String
    public var version: String
    /// The plugin API version the plugin was built against.
    public var apiVersion: Int

    /// The plugin API version of this build; an external plugin built for another is refused.
    public static let currentAPIVersion = 1

    public init(id: String, title: String, description: String, version: String, apiVersion: Int = currentAPIVersion) {
        self.id = id
        self.title = title
        self.description = description
        self.version = version
        self.apiVersion = apiVersion
    }
}
