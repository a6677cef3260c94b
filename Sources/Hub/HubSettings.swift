import Foundation
import ModelFiles

/// Where and how to talk to the Hub, read once from the environment as `huggingface_hub` reads it.
///
/// The token is held here and only ever put in an `Authorization` header sent to the endpoint's own host;
/// `description` and every error leave it out.
public struct HubSettings: Sendable, CustomStringConvertible {
    /// `$HF_ENDPOINT` (mirrors, test servers), default `https://huggingface.co`, no trailing slash.
    public var endpoint: String
    /// `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
    public var cacheDirectory: URL
    /// `$HF_HUB_OFFLINE` set to 1/true/yes/on: no request at all.
    public var offline: Bool
    /// `$HF_TOKEN`, else the token file (`$HF_TOKEN_PATH`, else `$HF_HOME/token`).
    var token: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        var endpoint =
            environment["HF_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://huggingface.co"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        cacheDirectory = ModelLocator.hubCacheDirectory(environment: environment)
        offline = ["1", "true", "yes", "on"].contains((environment["HF_HUB_OFFLINE"] ?? "").lowercased())
        token = Self.token(environment: environment)
    }

    /// Settings for tests and callers that know their values; `token` nil sends no Authorization header.
    public init(endpoint: String, cacheDirectory: URL, offline: Bool = false, token: String? = nil) {
        self.endpoint = endpoint
        self.cacheDirectory = cacheDirectory
        self.offline = offline
        self.token = token
    }

    /// Whether a token will be sent (never the token itself).
    public var hasToken: Bool { token != nil }

    public var description: String {
        "endpoint \(endpoint), cache \(cacheDirectory.path), offline \(offline), token \(hasToken ? "set" : "none")"
    }

    static func token(environment: [String: String]) -> String? {
        if let t = environment["HF_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty {
            return t
        }
        let path: String
        if let p = environment["HF_TOKEN_PATH"], !p.isEmpty {
            path = p
        } else if let home = environment["HF_HOME"], !home.isEmpty {
            path = home + "/token"
        } else {
            path = (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/huggingface/token"
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}
