import Foundation

/// One file of a repository as the Hub lists it (`siblings` with `?blobs=true`).
public struct RemoteFile: Sendable, Equatable, Codable {
    /// The path inside the repository (`rfilename`).
    public var name: String
    /// Bytes, when the listing included blobs.
    public var size: Int64?
    /// The SHA-256 of an LFS file (`lfs.sha256`); nil for small files kept in git.
    public var sha256: String?
    /// Git's object id of a small file (`blobId`), which the Hub also sends as its ETag.
    public var blobID: String?

    public init(name: String, size: Int64? = nil, sha256: String? = nil, blobID: String? = nil) {
        self.name = name
        self.size = size
        self.sha256 = sha256
        self.blobID = blobID
    }
}

/// What `GET /api/models/{repo}/revision/{rev}?blobs=true` says about a repository at a revision.
public struct RepoInfo: Sendable, Equatable {
    /// The id the Hub answered with (a renamed repo answers with its new id).
    public var id: String
    /// The commit the revision points at (`sha`).
    public var commit: String
    public var files: [RemoteFile]
    /// `config.model_type` when the Hub parsed the repository's config.json.
    public var modelType: String?
    /// Whether access needs accepted terms (`gated` is "auto"/"manual" rather than false).
    public var gated: Bool

    public init(
        id: String, commit: String, files: [RemoteFile], modelType: String? = nil, gated: Bool = false
    ) {
        self.id = id
        self.commit = commit
        self.files = files
        self.modelType = modelType
        self.gated = gated
    }

    public func file(named name: String) -> RemoteFile? { files.first { $0.name == name } }

    /// Decodes the API's JSON; `url` names the request in errors.
    /// - Throws: `HubError.badResponse` when `sha` or `siblings` is missing.
    static func decode(_ data: Data, url: String) throws -> RepoInfo {
        struct Sibling: Decodable {
            struct LFS: Decodable { let sha256: String?, size: Int64? }
            let rfilename: String
            let size: Int64?
            let blobId: String?
            let lfs: LFS?
        }
        struct Config: Decodable { let model_type: String? }
        struct Gated: Decodable {
            let value: Bool
            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let b = try? c.decode(Bool.self) {
                    value = b
                } else {
                    value = (try? c.decode(String.self)) != nil
                }
            }
        }
        struct Body: Decodable {
            let id: String?
            let modelId: String?
            let sha: String?
            let siblings: [Sibling]?
            let config: Config?
            let gated: Gated?
        }
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch {
            throw HubError.badResponse(url: url, reason: "the model info is not the JSON the Hub sends")
        }
        guard let sha = body.sha, let siblings = body.siblings else {
            throw HubError.badResponse(
                url: url, reason: "the model info has no commit (sha) or file list (siblings)")
        }
        guard HubAPI.isSafeName(sha) else {
            throw HubError.badResponse(url: url, reason: "the commit “\(sha)” is not a commit id")
        }
        let files = siblings.map {
            RemoteFile(
                name: $0.rfilename, size: $0.lfs?.size ?? $0.size, sha256: $0.lfs?.sha256, blobID: $0.blobId)
        }
        return RepoInfo(
            id: body.id ?? body.modelId ?? "", commit: sha, files: files, modelType: body.config?.model_type,
            gated: body.gated?.value ?? false)
    }
}
