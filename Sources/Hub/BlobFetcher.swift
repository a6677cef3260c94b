import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches one file into the cache: under the blob's lock, into `blobs/<etag>.incomplete`, resuming
/// with `Range` what an earlier attempt left, retrying transient failures, then checking size and
/// checksum before the blob is renamed into place and linked from the snapshot.
struct BlobFetcher {
    let api: HubAPI
    let cache: HubCache
    let report: @Sendable (DownloadEvent) -> Void

    /// What a fetched file is, for the result.
    struct Fetched {
        var size: Int64
        var sha256: String
        var transferred: Bool
    }

    /// - Parameters:
    ///   - file: the listing entry (its announced size and SHA-256, when the listing had them).
    ///   - metadata: the resolve answer (etag, size, where the bytes are).
    func fetch(_ file: RemoteFile, metadata: FileMetadata, commit: String) throws -> Fetched {
        let etag = metadata.etag
        let blob = cache.blob(etag)
        let expectedSize = metadata.size ?? file.size
        var transferred = false
        try cache.write {
            try FileManager.default.createDirectory(
                at: blob.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        do {
            let lock = try FileLock(cache.lock(etag)) { report(.waitingForLock(name: file.name)) }
            defer { withExtendedLifetime(lock) {} }
            if !FileManager.default.fileExists(atPath: blob.path) {
                try transfer(file, metadata: metadata, expectedSize: expectedSize)
                transferred = true
            }
            try cache.link(commit: commit, file: file.name, etag: etag)
        }
        let size = Self.size(of: blob)
        report(.fileDone(name: file.name, size: size, transferred: transferred))
        let sha256 = Self.isSHA256(etag) ? etag : try Digest.sha256(file: blob)
        return Fetched(size: size, sha256: sha256, transferred: transferred)
    }

    /// Downloads into `<etag>.incomplete` (resuming it), verifies it and renames it to the blob.
    private func transfer(_ file: RemoteFile, metadata: FileMetadata, expectedSize: Int64?) throws {
        let partial = cache.incomplete(metadata.etag)
        let fm = FileManager.default
        if !fm.fileExists(atPath: partial.path) {
            guard fm.createFile(atPath: partial.path, contents: nil) else {
                throw HubError.cacheWrite(path: partial.path, reason: "cannot create the file")
            }
        }
        var have = Self.size(of: partial)
        if let expectedSize, have > expectedSize {
            try truncate(partial, to: 0)
            have = 0
        }
        let checker = Checker(file: file, etag: metadata.etag, expectedSize: expectedSize)
        try checker.feed(existing: partial, length: have)
        var attempt = 1
        while true {
            if api.cancellation.isCancelled { throw HubError.cancelled(file: file.name) }
            do {
                have = try receive(
                    file.name, from: metadata.location, into: partial, from: have, checker: checker)
                if let expectedSize, have < expectedSize {
                    throw Transient.shortBody(received: have, expected: expectedSize)
                }
                break
            } catch let failure {
                if api.cancellation.isCancelled { throw HubError.cancelled(file: file.name) }
                guard let reason = Transient.reason(failure), attempt < api.retry.attempts else {
                    if let reason = Transient.reason(failure) {
                        throw HubError.transferFailed(file: file.name, reason: reason, attempts: attempt)
                    }
                    throw failure
                }
                let delay = api.retry.delay(afterAttempt: attempt)
                report(.retrying(name: file.name, attempt: attempt + 1, delay: delay, reason: reason))
                Thread.sleep(forTimeInterval: delay)
                attempt += 1
                have = Self.size(of: partial)
                if checker.received != have {  // a partial chunk may have been cut: start the hash over
                    checker.reset()
                    try checker.feed(existing: partial, length: have)
                }
            }
        }
        do {
            try checker.verify(size: have)
        } catch {
            try? fm.removeItem(at: partial)
            throw error
        }
        try cache.write {
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: partial.path)
            try fm.moveItem(at: partial, to: cache.blob(metadata.etag))
        }
    }

    /// One GET from `offset`; appends to `partial` and returns the new size.
    private func receive(
        _ name: String, from location: URL, into partial: URL, from offset: Int64, checker: Checker
    ) throws -> Int64 {
        var request = api.request(location, method: "GET")
        if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
        let handle = try FileHandle(forWritingTo: partial)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        var written = offset
        var answer: HTTPHead?
        var lastReport = Date.distantPast
        var total: Int64? = checker.expectedSize
        let cancellation = api.cancellation
        var errorBody = Data()
        var restarted = false
        _ = try api.http.stream(request) { head in
            answer = head
            return true
        } onData: { data in
            guard let head = answer else { return }
            if !(200..<300).contains(head.status) {
                errorBody.append(data)
                return
            }
            if head.status == 200 && offset > 0 && !restarted {  // the server ignored Range: start over
                restarted = true
                try handle.truncate(atOffset: 0)
                written = 0
                checker.reset()
            }
            if cancellation.isCancelled { throw HubError.cancelled(file: name) }
            try handle.write(contentsOf: data)
            checker.feed(data)
            written += Int64(data.count)
            if total == nil, let length = head["Content-Length"].flatMap({ Int64($0) }) {
                total = written + length
            }
            if Date().timeIntervalSince(lastReport) > 0.1 {
                lastReport = Date()
                report(.progress(name: name, bytes: written, total: total))
            }
        }
        guard let head = answer else { throw URLError(.badServerResponse) }
        if head.status == 416 { return written }  // nothing left to send: verification decides
        guard (200..<300).contains(head.status) else {
            throw api.error(for: head, body: errorBody, repo: cache.repo, revision: "", file: name)
        }
        if head.status == 200 && offset > 0 && written == offset {  // empty body after a restart
            try handle.truncate(atOffset: 0)
            checker.reset()
            return 0
        }
        try handle.synchronize()
        report(.progress(name: name, bytes: written, total: total))
        return written
    }

    private func truncate(_ url: URL, to size: UInt64) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.truncate(atOffset: size)
    }

    static func size(of url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func isSHA256(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy { $0.isHexDigit }
    }
}
