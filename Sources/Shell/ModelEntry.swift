/// One model the user can pick in the header bar's dropdowns.
public struct ModelEntry: Sendable, Equatable, Codable {
    /// What the dropdown shows, e.g. "SmolLM2-135M-Instruct (Q4_1)".
    public var name: String
    /// What the app resolves: a path to a `.gguf` file or a model folder, or a Hugging Face name.
    public var path: String

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }
}
