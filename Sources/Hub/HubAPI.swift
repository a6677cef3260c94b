import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Where a file's bytes are and what they must be, from `HEAD {endpoint}/{repo}/resolve/{rev}/{file}`.
struct FileMetadata: Sendable, Equatable {
    /// `X-Repo-Commit`.
    var commit: String
    /// `X-Linked-Etag` (an LFS file's SHA-256) or `ETag` (a small file's git blob id), unquoted.
    var etag: String
    /// `X-Linked-Size`, else `Content-Length`.
    var size: Int64?
    /// The CDN address an LFS file redirects to, else the resolve address itself.
    var location: URL
}

/// The Hub's two HTTP calls before a transfer, with its error headers turned into `HubError`s.
struct HubAPI: Sendable {
    let settings: HubSettings
    var http = HTTPClient()
    var retry = RetryPolicy()
    var cancellation = DownloadCancellation()

    /// `GET /api/models/{repo}/revision/{rev}?blobs=true`.
    func modelInfo(_ repo: RepoID, revision: String) throws -> RepoInfo {
        let url = try endpointURL(
            "api/models/\(repo.value)/revision/\(Self.escape(revision, keepSlash: false))?blobs=true")
        let (head, body) = try withRetries(name: "the model info") {
            try followingHubRedirects(url, method: "GET", repo: repo, revision: revision, file: nil)
        }
        return try RepoInfo.decode(body, url: head.url.absoluteString)
    }

    /// `HEAD …/resolve/{rev}/{file}`, following relative redirects on the Hub and stopping at the first
    /// absolute one (an LFS file's CDN), whose `X-Linked-*` headers describe the file.
    func metadata(_ repo: RepoID, revision: String, file: String) throws -> FileMetadata {
        let url = try resolveURL(repo, revision: revision, file: file)
        let (head, _) = try withRetries(name: file) {
            try followingHubRedirects(url, method: "HEAD", repo: repo, revision: revision, file: file)
        }
        let location: URL
        if (300..<400).contains(head.status), let target = head["Location"],
            let absolute = URL(string: target)
        {
            location = absolute
        } else {
            location = head.url
        }
        guard let commit = head["X-Repo-Commit"], !commit.isEmpty else {
            throw HubError.badResponse(url: url.absoluteString, reason: "no X-Repo-Commit header")
        }
        guard let etag = Self.normalizeETag(head["X-Linked-Etag"] ?? head["ETag"]) else {
            throw HubError.badResponse(url: url.absoluteString, reason: "no ETag header")
        }
        let size =
            (head["X-Linked-Size"] ?? ((300..<400).contains(head.status) ? nil : head["Content-Length"]))
            .flatMap { Int64($0) }
        return FileMetadata(commit: commit, etag: etag, size: size, location: location)
    }

    /// A small file's bytes in memory (e.g. config.json to read `model_type` before any download).
    func smallFile(_ repo: RepoID, revision: String, file: String) throws -> Data {
        let url = try resolveURL(repo, revision: revision, file: file)
        return try withRetries(name: file) {
            try followingHubRedirects(url, method: "GET", repo: repo, revision: revision, file: file)
        }.1
    }

    func resolveURL(_ repo: RepoID, revision: String, file: String) throws -> URL {
        try endpointURL(
            "\(repo.value)/resolve/\(Self.escape(revision, keepSlash: false))/\(Self.escape(file, keepSlash: true))"
        )
    }

    private func endpointURL(_ path: String) throws -> URL {
        guard let url = URL(string: settings.endpoint + "/" + path), url.host != nil else {
            throw HubError.unreachable(
                endpoint: settings.endpoint, reason: "HF_ENDPOINT is not an http(s) address")
        }
        return url
    }

    /// A request with the Hub's headers; the token only goes to the endpoint's own host.
    func request(_ url: URL, method: String) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        request.setValue("tokengen; hf_hub-compatible", forHTTPHeaderField: "User-Agent")
        if let token = settings.token, url.host == URL(string: settings.endpoint)?.host,
            url.port == URL(string: settings.endpoint)?.port
        {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        return request
    }

    /// Runs `method` on `url`, following up to 5 relative redirects; an absolute redirect is returned as is.
    private func followingHubRedirects(
        _ start: URL, method: String, repo: RepoID, revision: String, file: String?
    ) throws -> (HTTPHead, Data) {
        var url = start
        for _ in 0..<6 {
            let (head, body) = try http.fetch(request(url, method: method))
            if (300..<400).contains(head.status), let target = head["Location"] {
                let isRelative = URL(string: target)?.scheme == nil
                if isRelative, let next = URL(string: target, relativeTo: url)?.absoluteURL {
                    url = next
                    continue
                }
                return (head, body)
            }
            guard (200..<300).contains(head.status) else {
                throw error(for: head, body: body, repo: repo, revision: revision, file: file)
            }
            return (head, body)
        }
        throw HubError.badResponse(url: start.absoluteString, reason: "too many redirects")
    }

    /// The `HubError` for an error answer, from `X-Error-Code` first, then the status.
    func error(for head: HTTPHead, body: Data, repo: RepoID, revision: String, file: String?) -> Error {
        let message = head["X-Error-Message"] ?? ""
        switch head["X-Error-Code"] {
        case "GatedRepo": return HubError.gated(repo: repo.value)
        case "RepoNotFound": return HubError.repoNotFound(repo: repo.value, endpoint: settings.endpoint)
        case "RevisionNotFound": return HubError.revisionNotFound(repo: repo.value, revision: revision)
        case "EntryNotFound":
            return HubError.fileNotFound(repo: repo.value, file: file ?? "?", revision: revision)
        default: break
        }
        if head.status == 429 || head.status >= 500 { return Transient.status(head.status) }
        if head.status == 404 {
            if let file { return HubError.fileNotFound(repo: repo.value, file: file, revision: revision) }
            return HubError.repoNotFound(repo: repo.value, endpoint: settings.endpoint)
        }
        return HubError.httpStatus(url: head.url.absoluteString, status: head.status, message: message)
    }

    /// Runs `body` until it succeeds, retrying transient failures (`RetryPolicy`); a refused connection
    /// on the first call means the endpoint is unreachable and is not retried.
    func withRetries<T>(name: String, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let failure {
                if let unreachable = Self.unreachable(failure, endpoint: settings.endpoint) {
                    throw unreachable
                }
                guard let reason = Transient.reason(failure) else {
                    throw Self.unreachable(failure, endpoint: settings.endpoint) ?? failure
                }
                if attempt >= retry.attempts || cancellation.isCancelled {
                    throw Self.unreachable(failure, endpoint: settings.endpoint)
                        ?? HubError.transferFailed(file: name, reason: reason, attempts: attempt)
                }
                Thread.sleep(forTimeInterval: retry.delay(afterAttempt: attempt))
                attempt += 1
            }
        }
    }

    /// A clear "cannot reach" error for failures that mean there is no connection at all.
    static func unreachable(_ error: Error, endpoint: String) -> HubError? {
        guard let code = (error as? URLError)?.code else { return nil }
        switch code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            return .unreachable(
                endpoint: endpoint, reason: (error as? URLError)?.localizedDescription ?? "\(code)")
        default: return nil
        }
    }

    /// `W/"abc"` and `"abc"` → `abc` (huggingface_hub's `_normalize_etag`); nil for anything that is not a
    /// safe file name.
    static func normalizeETag(_ raw: String?) -> String? {
        guard var text = raw?.trimmingCharacters(in: .whitespaces) else { return nil }
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return isSafeName(text) ? text : nil
    }

    /// Whether a server-given value may name a file in the cache (an ETag, a commit): letters, digits,
    /// `-` and `_` only, so no answer can point outside `blobs/` or `snapshots/`.
    static func isSafeName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 128
            && text.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            }
    }

    /// Percent-escapes a path part; a revision keeps no `/` (`refs/pr/1` → `refs%2Fpr%2F1`).
    static func escape(_ text: String, keepSlash: Bool) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~" + (keepSlash ? "/" : ""))
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Failures worth another try: the server is busy (429, 5xx) or the connection broke or stalled.
enum Transient: Error {
    case status(Int)
    case shortBody(received: Int64, expected: Int64)

    /// A short reason when `error` is transient, nil when retrying cannot help.
    static func reason(_ error: Error) -> String? {
        if let t = error as? Transient {
            switch t {
            case .status(let s): return "HTTP \(s)"
            case .shortBody(let r, let e): return "the connection closed after \(r) of \(e) bytes"
            }
        }
        let nsError = error as NSError
        guard nsError.domain == NSURLErrorDomain else { return nil }
        switch URLError.Code(rawValue: nsError.code) {
        // libcurl reports a body cut short ("transfer closed with N bytes remaining") as an unknown error.
        case .unknown: return "the connection closed early"
        case .timedOut: return "timed out"
        case .networkConnectionLost: return "connection lost"
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            return "cannot connect"
        case .badServerResponse, .zeroByteResource, .cannotParseResponse, .secureConnectionFailed:
            return "connection reset"
        default: return nil
        }
    }
}
