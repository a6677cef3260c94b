/// What can go wrong when finding, drawing or exporting a plugin.
public enum PluginError: Error, Equatable, CustomStringConvertible {
    /// No plugin has this id; `known` lists the ids there are.
    case unknownPlugin(id: String, known: [String])
    /// Two plugins share an id; every id must be unique.
    case duplicatePlugin(id: String)
    /// A plugin's metadata is unusable (empty id or title, wrong API version).
    case invalidInfo(id: String, reason: String)
    /// An export size is not `WIDTHxHEIGHT` with positive numbers.
    case invalidSize(text: String)

    public var description: String {
        switch self {
        case .unknownPlugin(let id, let known):
            "no plugin is called '\(id)': choose one of \(known.joined(separator: ", "))"
        case .duplicatePlugin(let id):
            "two plugins are called '\(id)': rename one of them (ids must be unique)"
        case .invalidInfo(let id, let reason):
            "plugin '\(id)' has unusable metadata: \(reason) — fix its PluginInfo"
        case .invalidSize(let text):
            "'\(text)' is not a size: write WIDTHxHEIGHT with positive numbers, e.g. 1200x800"
        }
    }
}
