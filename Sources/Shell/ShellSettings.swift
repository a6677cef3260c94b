/// What the window remembers between runs (no GTK here, so it is testable without a display).
///
/// Every field has a default and decoding tolerates missing keys, so a file written by an older or
/// newer TokenGen still loads; a file that is not this shape at all is ignored (see `SettingsStore`).
public struct ShellSettings: Codable, Sendable, Equatable {
    /// How many recent models are kept.
    public static let recentLimit = 10

    /// Model paths, most recent first, without duplicates.
    public var recentModels: [String] = []
    /// The model compared against, if any.
    public var compareModel: String?
    public var prompt: String = ""
    public var windowWidth: Int = 1280
    public var windowHeight: Int = 800
    /// Index of the notebook page shown.
    public var selectedPane: Int = 0
    /// How panes are laid out; only "tabs" exists today.
    public var layout: String = "tabs"
    public var controls: AnalysisControls = AnalysisControls()

    public init() {}

    /// Moves `path` to the front of the recent models.
    public mutating func rememberModel(_ path: String) {
        recentModels.removeAll { $0 == path }
        recentModels.insert(path, at: 0)
        if recentModels.count > Self.recentLimit {
            recentModels.removeLast(recentModels.count - Self.recentLimit)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case recentModels, compareModel, prompt, windowWidth, windowHeight, selectedPane, layout, controls
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ShellSettings()
        recentModels = try c.decodeIfPresent([String].self, forKey: .recentModels) ?? d.recentModels
        compareModel = try c.decodeIfPresent(String.self, forKey: .compareModel)
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt) ?? d.prompt
        windowWidth = max(200, try c.decodeIfPresent(Int.self, forKey: .windowWidth) ?? d.windowWidth)
        windowHeight = max(150, try c.decodeIfPresent(Int.self, forKey: .windowHeight) ?? d.windowHeight)
        selectedPane = max(0, try c.decodeIfPresent(Int.self, forKey: .selectedPane) ?? d.selectedPane)
        layout = try c.decodeIfPresent(String.self, forKey: .layout) ?? d.layout
        controls = try c.decodeIfPresent(AnalysisControls.self, forKey: .controls) ?? d.controls
    }
}
