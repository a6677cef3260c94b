import Foundation

/// Hashes a file's bytes as they arrive and checks them against what the Hub announced: the size,
/// and the SHA-256 of an LFS file (`X-Linked-Etag` / `lfs.sha256`) or the git blob id of a small one
/// (its ETag, when the listing's `blobId` confirms that is what the ETag is).
final class Checker {
    let name: String
    let expectedSize: Int64?
    let expectedSHA256: String?
    let expectedGitID: String?
    private var sha256 = Digest(.sha256)
    private var git: Digest?
    private(set) var received: Int64 = 0

    init(file: RemoteFile, etag: String, expectedSize: Int64?) {
        name = file.name
        self.expectedSize = expectedSize
        expectedSHA256 = file.sha256 ?? (BlobFetcher.isSHA256(etag) ? etag : nil)
        expectedGitID = expectedSHA256 == nil && file.blobID == etag && etag.count == 40 ? etag : nil
        reset()
    }

    func reset() {
        sha256 = Digest(.sha256)
        git = expectedGitID != nil ? expectedSize.map(Digest.gitBlob(size:)) : nil
        received = 0
    }

    func feed(_ data: Data) {
        sha256.update(data)
        git?.update(data)
        received += Int64(data.count)
    }

    /// Hashes what an earlier attempt left in `url`.
    func feed(existing url: URL, length: Int64) throws {
        guard length > 0 else { return }
        try Digest.read(url, length: length) { feed($0) }
    }

    /// - Throws: `HubError.sizeMismatch` or `.checksumMismatch` (the caller deletes the data).
    func verify(size: Int64) throws {
        if let expectedSize, size != expectedSize {
            throw HubError.sizeMismatch(file: name, expected: expectedSize, actual: size)
        }
        let actual = sha256.finalHex()
        if let expected = expectedSHA256?.lowercased(), actual != expected {
            throw HubError.checksumMismatch(
                file: name, algorithm: "SHA-256", expected: expected, actual: actual)
        }
        if let expected = expectedGitID?.lowercased(), let git {
            let id = git.finalHex()
            if id != expected {
                throw HubError.checksumMismatch(
                    file: name, algorithm: "git blob SHA-1", expected: expected, actual: id)
            }
        }
    }
}
