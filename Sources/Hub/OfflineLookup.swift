import Foundation

/// `HF_HUB_OFFLINE=1`: answers a download request from the cache alone, with no request at all.
struct OfflineLookup {
    let cache: HubCache

    /// The result when every file asked for is cached; with no `--file`, a snapshot that has
    /// config.json and its weights (every shard an index names) counts as complete.
    /// - Throws: `HubError.offlineNotCached` naming what is missing.
    func result(_ request: DownloadRequest) throws -> DownloadResult {
        let repo = cache.repo.value
        guard let commit = cache.commit(for: request.revision),
            FileManager.default.fileExists(atPath: cache.snapshot(commit).path)
        else { throw HubError.offlineNotCached(repo: repo, revision: request.revision, missing: []) }
        let present = cache.files(inSnapshot: commit)
        let wanted: [String]
        if request.files.isEmpty {
            let listing = RepoInfo(id: repo, commit: commit, files: present.map { RemoteFile(name: $0) })
            let selected = (try? FileSelection.defaultFiles(of: listing, repo: repo)) ?? []
            wanted = selected.map(\.name) + shards(commit, present: present)
            let missing =
                ["config.json"].filter { !present.contains($0) }
                + (selected.isEmpty ? ["the weights"] : []) + wanted.filter { !present.contains($0) }
            guard missing.isEmpty else {
                throw HubError.offlineNotCached(repo: repo, revision: request.revision, missing: missing)
            }
        } else {
            wanted = request.files
            let missing = wanted.filter { !present.contains($0) }
            guard missing.isEmpty else {
                throw HubError.offlineNotCached(repo: repo, revision: request.revision, missing: missing)
            }
        }
        var files: [DownloadResult.File] = []
        for name in Array(Set(wanted)).sorted() {
            let blob = cache.pointer(commit, name).resolvingSymlinksInPath()
            let blobName = blob.lastPathComponent
            let sha = BlobFetcher.isSHA256(blobName) ? blobName : try Digest.sha256(file: blob)
            files.append(.init(name: name, size: BlobFetcher.size(of: blob), sha256: sha))
        }
        let snapshot = cache.snapshot(commit)
        let path = request.files.count == 1 ? snapshot.appendingPathComponent(request.files[0]) : snapshot
        return DownloadResult(
            repo: repo, revision: request.revision, commit: commit, path: path.path, files: files,
            transferredFiles: 0)
    }

    /// The shard files a cached `*.index.json` names (its `weight_map` values).
    private func shards(_ commit: String, present: [String]) -> [String] {
        var names = Set<String>()
        for index in present where index.hasSuffix(".index.json") {
            guard let data = try? Data(contentsOf: cache.pointer(commit, index)),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let map = object["weight_map"] as? [String: String]
            else { continue }
            names.formUnion(map.values)
        }
        return names.sorted()
    }
}
