/// The values of the window's controls row; sent whole on every change (`onSettingsChanged`).
public struct AnalysisControls: Sendable, Equatable, Codable {
    /// How attention is reduced over heads for the heatmap.
    public enum Aggregation: String, Sendable, Codable, CaseIterable {
        case mean, max, head, rollout
    }

    /// Which vector describes a head for clustering.
    public enum Features: String, Sendable, Codable, CaseIterable {
        /// Its attention row at the query position.
        case row
        /// Its whole causal pattern.
        case pattern
    }

    public var topK: Int
    public var clusters: Int
    public var aggregation: Aggregation
    /// The head shown when `aggregation == .head` (0-based).
    public var head: Int
    public var features: Features
    /// Contrast tokens as typed; empty means not set.
    public var contrastA: String
    public var contrastB: String
    /// The corrupted prompt activation patching runs against (same token count); nil or empty: none.
    /// Optional so that settings saved before it existed still load.
    public var corruptedPrompt: String?

    public init(
        topK: Int = 10, clusters: Int = 5, aggregation: Aggregation = .mean, head: Int = 0,
        features: Features = .row, contrastA: String = "", contrastB: String = "",
        corruptedPrompt: String? = nil
    ) {
        self.corruptedPrompt = corruptedPrompt
        self.topK = topK
        self.clusters = clusters
        self.aggregation = aggregation
        self.head = head
        self.features = features
        self.contrastA = contrastA
        self.contrastB = contrastB
    }
}
