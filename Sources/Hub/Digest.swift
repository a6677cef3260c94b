import CCrypto
import Foundation

/// An incremental SHA-256 or SHA-1 over bytes as they arrive, from the system's libcrypto.
///
/// SHA-256 checks LFS files (the Hub announces it as `X-Linked-Etag` and `lfs.sha256`); SHA-1 over
/// `"blob <size>\0" + bytes` is git's object id, which the Hub gives as a small file's ETag.
final class Digest {
    enum Algorithm: String {
        case sha256 = "SHA-256"
        case sha1 = "SHA-1"
    }

    let algorithm: Algorithm
    private let context: OpaquePointer?

    init(_ algorithm: Algorithm) {
        self.algorithm = algorithm
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, algorithm == .sha256 ? EVP_sha256() : EVP_sha1(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ data: Data) {
        data.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { EVP_DigestUpdate(context, base, raw.count) }
        }
    }

    /// The digest as lowercase hex; the digest cannot be updated afterwards.
    func finalHex() -> String {
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &bytes, &length)
        return bytes.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// Feeds the first `length` bytes of the file at `url` (all of it when nil), 4 MiB at a time.
    func update(file url: URL, length: Int64? = nil) throws {
        try Self.read(url, length: length) { update($0) }
    }

    /// Hands the first `length` bytes of a file (all of it when nil) to `body`, 4 MiB at a time.
    static func read(_ url: URL, length: Int64?, _ body: (Data) -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var left = length ?? Int64.max
        while left > 0 {
            let chunk = try handle.read(upToCount: Int(min(left, 4 << 20))) ?? Data()
            if chunk.isEmpty { break }
            body(chunk)
            left -= Int64(chunk.count)
        }
    }

    /// The SHA-256 of a whole file, as lowercase hex.
    static func sha256(file url: URL) throws -> String {
        let digest = Digest(.sha256)
        try digest.update(file: url)
        return digest.finalHex()
    }

    /// A git blob id hasher primed with the header for a file of `size` bytes.
    static func gitBlob(size: Int64) -> Digest {
        let digest = Digest(.sha1)
        digest.update(Data("blob \(size)\0".utf8))
        return digest
    }
}
