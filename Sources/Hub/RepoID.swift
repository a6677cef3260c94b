import ModelFiles

/// A model repository's id as the Hub accepts it: `org/name` or a bare legacy `name` (`gpt2`).
public struct RepoID: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// - Throws: `HubError.invalidRepoID` for anything else (paths, `..`, spaces, three segments).
    public init(_ text: String) throws {
        let valid = ModelLocator.isRepoName(text)
        guard valid else { throw HubError.invalidRepoID(text) }
        value = text
    }

    /// The cache folder's name: `models--ORG--NAME` (huggingface_hub's `repo_folder_name`).
    public var folderName: String { "models--" + value.replacingOccurrences(of: "/", with: "--") }

    /// Whether `text` reads as a repository id rather than a path (used to word "not downloaded").
    public static func looksLikeRepoID(_ text: String) -> Bool { (try? RepoID(text)) != nil }

    public var description: String { value }
}
