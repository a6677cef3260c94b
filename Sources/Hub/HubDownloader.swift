import Foundation

/// What to download: a repository at a revision, all default files or the named ones.
public struct DownloadRequest: Sendable, Equatable {
    public var repo: String
    public var revision: String
    /// Files to fetch; empty means the default selection (`FileSelection`).
    public var files: [String]
    /// `model_type`s the caller can run; nil downloads any. A repository of another type fails with
    /// `HubError.unsupportedModelType` before a single byte of it is stored.
    public var allowedModelTypes: Set<String>?

    public init(
        repo: String, revision: String = "main", files: [String] = [], allowedModelTypes: Set<String>? = nil
    ) {
        self.repo = repo
        self.revision = revision
        self.files = files
        self.allowedModelTypes = allowedModelTypes
    }
}

/// What a finished download holds: where the files are and what they are.
public struct DownloadResult: Sendable, Equatable, Codable {
    public struct File: Sendable, Equatable, Codable {
        public var name: String
        public var size: Int64
        public var sha256: String
    }

    public var repo: String
    public var revision: String
    public var commit: String
    /// The snapshot folder, or the file when exactly one file was asked for.
    public var path: String
    public var files: [File]
    /// How many files came over the network in this run (0 when everything was cached); not in the JSON.
    public var transferredFiles: Int

    enum CodingKeys: String, CodingKey { case repo, revision, commit, path, files }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        repo = try c.decode(String.self, forKey: .repo)
        revision = try c.decode(String.self, forKey: .revision)
        commit = try c.decode(String.self, forKey: .commit)
        path = try c.decode(String.self, forKey: .path)
        files = try c.decode([File].self, forKey: .files)
        transferredFiles = 0
    }

    init(repo: String, revision: String, commit: String, path: String, files: [File], transferredFiles: Int) {
        self.repo = repo
        self.revision = revision
        self.commit = commit
        self.path = path
        self.files = files
        self.transferredFiles = transferredFiles
    }
}

/// Downloads repositories from the Hub into the shared cache, the way `snapshot_download` does: one
/// model-info call for the commit and file list, then each file by that commit, skipping what is cached.
public struct HubDownloader: Sendable {
    public let settings: HubSettings
    var api: HubAPI

    public init(
        settings: HubSettings, retry: RetryPolicy = RetryPolicy(),
        cancellation: DownloadCancellation = DownloadCancellation()
    ) {
        self.settings = settings
        api = HubAPI(settings: settings, retry: retry, cancellation: cancellation)
    }

    /// Runs `request` on the calling thread; `report` receives progress (on this thread).
    /// - Throws: `HubError`.
    public func download(
        _ request: DownloadRequest, report: @escaping @Sendable (DownloadEvent) -> Void = { _ in }
    ) throws -> DownloadResult {
        var request = request
        var seen = Set<String>()
        request.files = request.files.filter { seen.insert($0).inserted }
        let repo = try RepoID(request.repo)
        for name in request.files { try Self.checkFileName(name) }
        let cache = HubCache(root: settings.cacheDirectory, repo: repo)
        if settings.offline { return try OfflineLookup(cache: cache).result(request) }
        let info = try api.modelInfo(repo, revision: request.revision)
        let wanted: [RemoteFile]
        if request.files.isEmpty {
            wanted = try FileSelection.defaultFiles(of: info, repo: repo.value)
            for file in wanted { try Self.checkFileName(file.name) }  // the listing comes from the server
        } else {
            wanted = try request.files.map { name in
                guard let file = info.file(named: name) else {
                    throw HubError.fileNotFound(repo: repo.value, file: name, revision: request.revision)
                }
                return file
            }
        }
        if let allowed = request.allowedModelTypes {
            let type = try info.modelType ?? modelType(repo, commit: info.commit)
            guard let type, allowed.contains(type) else {
                throw HubError.unsupportedModelType(
                    repo: repo.value, modelType: type ?? "unknown", supported: allowed.sorted())
            }
        }
        report(.planned(files: wanted))
        cache.tagCacheFolder()
        try cache.saveRef(request.revision, commit: info.commit)
        let fetcher = BlobFetcher(api: api, cache: cache, report: report)
        var files: [DownloadResult.File] = []
        var transferred = 0
        for file in wanted {
            if api.cancellation.isCancelled { throw HubError.cancelled(file: file.name) }
            let fetched: BlobFetcher.Fetched
            if let cached = cachedFile(file, commit: info.commit, cache: cache) {
                fetched = cached
                report(.fileDone(name: file.name, size: cached.size, transferred: false))
            } else {
                let metadata = try api.metadata(repo, revision: info.commit, file: file.name)
                fetched = try fetcher.fetch(file, metadata: metadata, commit: info.commit)
            }
            if fetched.transferred { transferred += 1 }
            files.append(.init(name: file.name, size: fetched.size, sha256: fetched.sha256))
        }
        let snapshot = cache.snapshot(info.commit)
        let path = request.files.count == 1 ? snapshot.appendingPathComponent(request.files[0]) : snapshot
        return DownloadResult(
            repo: repo.value, revision: request.revision, commit: info.commit, path: path.path, files: files,
            transferredFiles: transferred)
    }

    /// The listing and default selection of a repository, without downloading (for the window's catalog).
    public func info(repo: String, revision: String = "main") throws -> RepoInfo {
        try api.modelInfo(try RepoID(repo), revision: revision)
    }

    /// A snapshot file already linked to a blob of the announced size needs no request at all.
    private func cachedFile(_ file: RemoteFile, commit: String, cache: HubCache) -> BlobFetcher.Fetched? {
        let pointer = cache.pointer(commit, file.name)
        let blob = pointer.resolvingSymlinksInPath()
        guard FileManager.default.fileExists(atPath: blob.path) else { return nil }
        let size = BlobFetcher.size(of: blob)
        if let expected = file.size, expected != size { return nil }
        let name = blob.lastPathComponent
        let sha = file.sha256 ?? (BlobFetcher.isSHA256(name) ? name : try? Digest.sha256(file: blob))
        guard let sha else { return nil }
        return .init(size: size, sha256: sha, transferred: false)
    }

    /// `model_type` from the repository's config.json, read into memory (not cached) when the API
    /// did not include it.
    private func modelType(_ repo: RepoID, commit: String) throws -> String? {
        let data = try api.smallFile(repo, revision: commit, file: "config.json")
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["model_type"] as? String
    }

    static func checkFileName(_ name: String) throws {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"),
            !parts.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." })
        else { throw HubError.invalidFileName(name) }
    }
}

extension HubDownloader {
    /// Whether `repo` at `revision` is complete in the cache (what `HF_HUB_OFFLINE=1` would accept).
    public func isCached(repo: String, revision: String = "main") -> Bool {
        guard let id = try? RepoID(repo) else { return false }
        let lookup = OfflineLookup(cache: HubCache(root: settings.cacheDirectory, repo: id))
        return (try? lookup.result(DownloadRequest(repo: repo, revision: revision))) != nil
    }
}
