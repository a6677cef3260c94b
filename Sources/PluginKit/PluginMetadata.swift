import Foundation
import ModelFiles

/// What an external plugin's `.plugin` file says, read before any of its code is loaded.
///
/// Like libpeas's `.plugin` files, it lets the app list, explain and refuse a plugin without running it.
/// The file is JSON with snake_case keys:
///
/// ```json
/// { "id": "entropy", "title": "Entropy", "description": "Entropy and KL per layer",
///   "version": "0.1.0", "api_version": 1, "library": "libEntropyPlugin.so" }
/// ```
public struct PluginMetadata: Sendable, Equatable, Codable {
    /// Stable identifier: lowercase letters, digits, `-` and `_`, at most 64 characters.
    public var id: String
    public var title: String
    public var description: String
    public var version: String
    /// The plugin API version the library was built against.
    public var apiVersion: Int
    /// The shared library's file name, in the same folder as the metadata file (no path separators).
    public var library: String

    /// File name extension of metadata files.
    public static let fileExtension = "plugin"

    public init(
        id: String, title: String, description: String, version: String,
        apiVersion: Int = PluginInfo.currentAPIVersion, library: String
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.version = version
        self.apiVersion = apiVersion
        self.library = library
    }

    enum CodingKeys: String, CodingKey {
        case id, title, description, version, library
        case apiVersion = "api_version"
    }

    /// The identity the app shows for this plugin.
    public var info: PluginInfo {
        PluginInfo(id: id, title: title, description: description, version: version, apiVersion: apiVersion)
    }

    /// Parses and validates metadata.
    /// - Parameter path: the file's path, for messages only.
    /// - Throws: `ExternalPluginError.invalidMetadata` naming the first problem found.
    public static func parse(_ data: Data, path: String) throws(ExternalPluginError) -> PluginMetadata {
        let metadata: PluginMetadata
        do {
            metadata = try JSONDecoder().decode(PluginMetadata.self, from: data)
        } catch let error as DecodingError {
            throw .invalidMetadata(path: path, reason: describe(error))
        } catch {
            throw .invalidMetadata(path: path, reason: "not JSON (\(error))")
        }
        if let problem = metadata.validationProblem {
            throw .invalidMetadata(path: path, reason: problem)
        }
        return metadata
    }

    /// Reads and parses a metadata file.
    /// - Throws: `ExternalPluginError.unreadable` or `.invalidMetadata`.
    public static func read(from url: URL) throws(ExternalPluginError) -> PluginMetadata {
        let data: Data
        do {
            // Non-blocking open and fstat first: a FIFO is refused at once, a huge file is not read.
            data = try RegularFile.read(url, limit: sizeLimit)
        } catch .notRegularFile(_, let kind) {
            throw .invalidMetadata(path: url.path, reason: "it is \(kind), not a regular file")
        } catch .fileTooLarge(_, let size, let limit) {
            throw .invalidMetadata(path: url.path, reason: "it has \(size) bytes; metadata files have at most \(limit)")
        } catch {
            throw .unreadable(path: url.path, reason: "\(error)")
        }
        return try parse(data, path: url.path)
    }

    /// Largest metadata file read (real ones are a few hundred bytes).
    public static let sizeLimit = 64 << 10

    /// The first thing wrong with the values, or nil.
    var validationProblem: String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        if id.isEmpty || id.count > 64 || !id.allSatisfy({ allowed.contains($0) }) {
            return "id '\(id)' must be 1–64 lowercase letters, digits, '-' or '_'"
        }
        if title.trimmingCharacters(in: .whitespaces).isEmpty { return "title is empty" }
        if version.isEmpty { return "version is empty" }
        if library.isEmpty || library.contains("/") || library == "." || library == ".." {
            return "library '\(library)' must be a plain file name in the plugin's folder"
        }
        return nil
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "field '\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "field '\(field)' has the wrong type (\(context.debugDescription))"
        case .dataCorrupted(let context):
            return "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
        @unknown default:
            return "\(error)"
        }
    }
}
