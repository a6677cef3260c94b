import Foundation

/// Where a model's files are, once a user's model name has been resolved.
public enum ModelLocation: Sendable, Hashable {
    /// A Hugging Face folder (config.json + weights + tokenizer files).
    case folder(URL)
    /// A single GGUF file.
    case gguf(URL)

    public var url: URL {
        switch self {
        case .folder(let u), .gguf(let u): u
        }
    }
}

/// Resolves model names: an existing path → the Hugging Face cache → the bundled `data/models/`.
public struct ModelLocator: Sendable {
    /// `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
    public var hubCache: URL
    /// Folder of bundled models (the default model lives here).
    public var bundledModels: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, bundledModels: URL) {
        hubCache = Self.hubCacheDirectory(environment: environment)
        self.bundledModels = bundledModels
    }

    /// `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub` (as huggingface_hub decides).
    public static func hubCacheDirectory(environment: [String: String]) -> URL {
        if let c = environment["HF_HUB_CACHE"], !c.isEmpty { return URL(fileURLWithPath: c) }
        if let h = environment["HF_HOME"], !h.isEmpty { return URL(fileURLWithPath: h).appendingPathComponent("hub") }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/huggingface/hub")
    }

    /// Whether `text` is a Hub repository id: `name` or `org/name`, letters, digits and `-_.` only, no `..`
    /// or `--`, not starting with `.` or `-` (so no path is ever mistaken for one).
    public static func isRepoName(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        return (1...2).contains(parts.count)
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 96 && part.allSatisfy { allowed.contains($0) }
                    && !part.hasPrefix(".") && !part.hasPrefix("-") && !part.contains("..") && !part.contains("--")
            }
    }

    /// Resolves `name` in the documented order.
    /// - Throws: `ModelFilesError.notDownloaded` for a Hub name not in the cache, else
    ///   `ModelFilesError.modelNotFound` listing every place searched.
    public func resolve(_ name: String) throws -> ModelLocation {
        let fm = FileManager.default
        if let direct = Self.location(at: URL(fileURLWithPath: name)) { return direct }
        if let cached = cacheSnapshot(for: name) { return .folder(cached) }
        let bundled = bundledModels.appendingPathComponent(name)
        if let b = Self.location(at: bundled) { return b }
        if fm.fileExists(atPath: bundled.path + ".gguf") { return .gguf(URL(fileURLWithPath: bundled.path + ".gguf")) }
        // A Hub name that is not cached yet: say how to get it rather than where we looked.
        if Self.isRepoName(name), !name.lowercased().hasSuffix(".gguf") {
            throw ModelFilesError.notDownloaded(name: name)
        }
        throw ModelFilesError.modelNotFound(
            name: name, searched: [name, hubCache.path, bundledModels.path])
    }

    /// A folder with config.json, or a .gguf file, at `url`.
    static func location(at url: URL) -> ModelLocation? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { return nil }
        if isDir.boolValue {
            let config = url.appendingPathComponent("config.json")
            return FileManager.default.fileExists(atPath: config.path) ? .folder(url) : nil
        }
        return url.pathExtension.lowercased() == "gguf" ? .gguf(url) : nil
    }

    /// The snapshot folder of a cached repository: `models--ORG--NAME/snapshots/REV/`, the revision
    /// `refs/main` names, else the most recently modified snapshot.
    public func cacheSnapshot(for name: String) -> URL? {
        let repoFolders: [String]
        if name.contains("/") {
            repoFolders = ["models--" + name.replacingOccurrences(of: "/", with: "--")]
        } else {
            let all = (try? FileManager.default.contentsOfDirectory(atPath: hubCache.path)) ?? []
            repoFolders = ["models--\(name)"] + all.filter { $0.hasPrefix("models--") && $0.hasSuffix("--\(name)") }.sorted()
        }
        for folder in repoFolders {
            let repo = hubCache.appendingPathComponent(folder)
            let snapshots = repo.appendingPathComponent("snapshots")
            if let data = try? RegularFile.read(repo.appendingPathComponent("refs/main"), limit: 4096),
                let ref = String(data: data, encoding: .utf8)
            {
                let snap = snapshots.appendingPathComponent(ref.trimmingCharacters(in: .whitespacesAndNewlines))
                if Self.location(at: snap) != nil { return snap }
            }
            let revs = (try? FileManager.default.contentsOfDirectory(
                at: snapshots, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
            let dated = revs.compactMap { url -> (URL, Date)? in
                guard Self.location(at: url) != nil else { return nil }
                let date = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
                return (url, date ?? .distantPast)
            }
            if let newest = dated.max(by: { $0.1 < $1.1 }) { return newest.0 }
        }
        return nil
    }

    /// Every model in the Hugging Face cache, as `ORG/NAME` (for pickers and `doctor`).
    public func cachedModels() -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: hubCache.path)) ?? []
        return all.filter { $0.hasPrefix("models--") }.sorted().map {
            String($0.dropFirst("models--".count)).replacingOccurrences(of: "--", with: "/")
        }
    }
}
