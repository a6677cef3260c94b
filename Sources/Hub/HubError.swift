/// Everything that can go wrong getting a model from the Hugging Face Hub; each message says what is
/// wrong and what to do. No case ever carries the access token.
public enum HubError: Error, Equatable, CustomStringConvertible {
    /// The repository id is not `name` or `org/name` as the Hub spells them.
    case invalidRepoID(String)
    /// A file name is empty, absolute or climbs out of the repository (`..`).
    case invalidFileName(String)
    /// The Hub has no such repository (or it is private and no valid token was sent).
    case repoNotFound(repo: String, endpoint: String)
    /// The repository has no such branch, tag or commit.
    case revisionNotFound(repo: String, revision: String)
    /// The repository has no such file at that revision.
    case fileNotFound(repo: String, file: String, revision: String)
    /// The repository is gated and the request had no token, or a token without access.
    case gated(repo: String)
    /// The repository holds only GGUF files and no `--file` picked one (name and size of each).
    case ggufOnly(repo: String, files: [RemoteFile])
    /// Neither safetensors nor `pytorch_model.bin` weights are in the repository.
    case noWeights(repo: String, files: [String])
    /// The repository's `model_type` is one TokenGen cannot run; nothing was downloaded.
    case unsupportedModelType(repo: String, modelType: String, supported: [String])
    /// The endpoint could not be reached at all (no network, DNS, refused connection).
    case unreachable(endpoint: String, reason: String)
    /// The transfer kept failing after every retry; what was received is kept for a later resume.
    case transferFailed(file: String, reason: String, attempts: Int)
    /// The Hub answered with an HTTP status the downloader does not expect.
    case httpStatus(url: String, status: Int, message: String)
    /// The Hub's answer lacks something the protocol requires (a commit, an ETag, a JSON field).
    case badResponse(url: String, reason: String)
    /// A downloaded file's size differs from the announced size; the bad data was deleted.
    case sizeMismatch(file: String, expected: Int64, actual: Int64)
    /// A downloaded file's checksum differs from the announced one; the bad data was deleted.
    case checksumMismatch(file: String, algorithm: String, expected: String, actual: String)
    /// `HF_HUB_OFFLINE=1` and the files asked for are not all in the cache.
    case offlineNotCached(repo: String, revision: String, missing: [String])
    /// The cache folder could not be written.
    case cacheWrite(path: String, reason: String)
    /// The user cancelled (Cancel in the window); the partial file is kept for a resume.
    case cancelled(file: String)

    public var description: String {
        switch self {
        case .invalidRepoID(let id):
            return
                "“\(id)” is not a repository id: write it as ORG/NAME (e.g. openai-community/gpt2) or a bare NAME"
        case .invalidFileName(let name):
            return
                "“\(name)” is not a file name inside a repository: give a relative path such as model.safetensors"
        case .repoNotFound(let repo, let endpoint):
            return "repository \(repo) was not found on \(endpoint): check the name "
                + "(for a private repository, set HF_TOKEN to a token that can read it)"
        case .revisionNotFound(let repo, let revision):
            return
                "revision “\(revision)” was not found in \(repo): give an existing branch, tag or commit with --revision"
        case .fileNotFound(let repo, let file, let revision):
            return
                "file \(file) was not found in \(repo) at revision \(revision): check the name with the repository's file list"
        case .gated(let repo):
            return "this model is gated: accept its terms at https://huggingface.co/\(repo) and set HF_TOKEN"
        case .ggufOnly(let repo, let files):
            let list = files.map { "  \($0.name) (\(ByteCount.format($0.size ?? 0)))" }.joined(
                separator: "\n")
            return "\(repo) holds only GGUF files; pick one with --file NAME:\n\(list)"
        case .noWeights(let repo, let files):
            return
                "\(repo) has no *.safetensors or pytorch_model.bin weights (it has \(files.joined(separator: ", "))): "
                + "name the files you want with --file"
        case .unsupportedModelType(let repo, let modelType, let supported):
            return "\(repo) is a “\(modelType)” model, which TokenGen cannot run yet (it runs "
                + "\(supported.joined(separator: ", "))): nothing was downloaded"
        case .unreachable(let endpoint, let reason):
            return
                "cannot reach \(endpoint) (\(reason)): check the network connection, or set HF_HUB_OFFLINE=1 "
                + "to use only what is already cached"
        case .transferFailed(let file, let reason, let attempts):
            return
                "downloading \(file) failed \(attempts) times (\(reason)): what arrived is kept; run the same "
                + "command again to resume"
        case .httpStatus(let url, let status, let message):
            return
                "the Hub answered \(status) for \(url)\(message.isEmpty ? "" : " (\(message))"): try again later"
        case .badResponse(let url, let reason):
            return "unexpected answer from \(url): \(reason) — is HF_ENDPOINT a Hugging Face Hub?"
        case .sizeMismatch(let file, let expected, let actual):
            return
                "\(file) arrived with \(actual) bytes, but the Hub announced \(expected): the data was discarded; "
                + "run the command again"
        case .checksumMismatch(let file, let algorithm, let expected, let actual):
            return
                "\(file) failed verification: its \(algorithm) is \(actual), but the Hub announced \(expected). "
                + "The corrupt data was discarded and nothing was added to the snapshot; run the command again"
        case .offlineNotCached(let repo, let revision, let missing):
            let what =
                missing.isEmpty
                ? "it is not" : "\(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") not"
            return "HF_HUB_OFFLINE=1 and \(repo) (\(revision)) is not fully cached: \(what) in the cache — "
                + "unset HF_HUB_OFFLINE to download it"
        case .cacheWrite(let path, let reason):
            return "cannot write the cache at \(path): \(reason) — check that the folder is writable, "
                + "or point HF_HUB_CACHE elsewhere"
        case .cancelled(let file):
            return
                "the download was cancelled while fetching \(file); the part received is kept and the next "
                + "download resumes it"
        }
    }
}
