import Foundation

/// The Hugging Face cache layout, shared with `huggingface_hub`:
/// `models--ORG--NAME/blobs/<etag>`, `snapshots/<commit>/<file>` (relative symlinks to the blobs),
/// `refs/<revision>` (the commit, no newline), and `.locks/models--ORG--NAME/<etag>.lock`.
struct HubCache {
    let root: URL
    let repo: RepoID

    var repoFolder: URL { root.appendingPathComponent(repo.folderName) }
    func blob(_ etag: String) -> URL { repoFolder.appendingPathComponent("blobs/\(etag)") }
    func incomplete(_ etag: String) -> URL { repoFolder.appendingPathComponent("blobs/\(etag).incomplete") }
    func lock(_ etag: String) -> URL { root.appendingPathComponent(".locks/\(repo.folderName)/\(etag).lock") }
    func snapshot(_ commit: String) -> URL { repoFolder.appendingPathComponent("snapshots/\(commit)") }
    func pointer(_ commit: String, _ file: String) -> URL { snapshot(commit).appendingPathComponent(file) }
    func ref(_ revision: String) -> URL { repoFolder.appendingPathComponent("refs/\(revision)") }

    /// Whether `text` is a full 40-hex commit id (then it needs no ref).
    static func isCommit(_ text: String) -> Bool {
        text.count == 40 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// The commit a revision points at in the cache: itself when it is one, else `refs/<revision>`.
    func commit(for revision: String) -> String? {
        if Self.isCommit(revision) { return revision }
        guard let text = try? String(contentsOf: ref(revision), encoding: .utf8) else { return nil }
        let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.isEmpty ? nil : commit
    }

    /// Records `refs/<revision>` → `commit` (atomically, only when it changed; never for a commit id).
    func saveRef(_ revision: String, commit: String) throws {
        guard revision != commit, self.commit(for: revision) != commit else { return }
        let url = ref(revision)
        try write {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(commit.utf8).write(to: url, options: .atomic)
        }
    }

    /// Links `snapshots/<commit>/<file>` to `blobs/<etag>` with a relative symlink (`../../blobs/…`,
    /// one more `../` per folder level of `file`), replacing whatever was there.
    func link(commit: String, file: String, etag: String) throws {
        let pointer = self.pointer(commit, file)
        let depth = file.split(separator: "/").count + 1  // snapshots/<commit>/[dirs/]file → repo folder
        let target = String(repeating: "../", count: depth) + "blobs/\(etag)"
        try write {
            let fm = FileManager.default
            try fm.createDirectory(at: pointer.deletingLastPathComponent(), withIntermediateDirectories: true)
            if (try? fm.destinationOfSymbolicLink(atPath: pointer.path)) == target { return }
            try? fm.removeItem(at: pointer)
            try fm.createSymbolicLink(atPath: pointer.path, withDestinationPath: target)
        }
    }

    /// Marks the cache folder for backup tools (CACHEDIR.TAG), as huggingface_hub does; best effort.
    func tagCacheFolder() {
        let tag = root.appendingPathComponent("CACHEDIR.TAG")
        guard !FileManager.default.fileExists(atPath: tag.path) else { return }
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try? Data(
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by huggingface_hub.\n"
                .utf8
        ).write(to: tag, options: .atomic)
    }

    /// Every file under a snapshot, as repository paths (symlinks counted when their blob exists).
    func files(inSnapshot commit: String) -> [String] {
        let base = snapshot(commit)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var names: [String] = []
        while let item = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: base.appendingPathComponent(item).path, isDirectory: &isDir),
                !isDir.boolValue
            {
                names.append(item)
            }
        }
        return names.sorted()
    }

    /// Turns file-system errors into `HubError.cacheWrite`.
    func write(_ body: () throws -> Void) throws {
        do { try body() } catch let error as HubError { throw error } catch {
            throw HubError.cacheWrite(path: repoFolder.path, reason: "\(error.localizedDescription)")
        }
    }
}
