import Foundation
@testable import Hub

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `scripts/fake-hub.py` on 127.0.0.1, started for one test: a stand-in for the Hugging Face Hub and its
/// CDN serving the fixture models. It exits when its stdin closes (`stop()`, or this process dying).
final class FakeHub {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let endpoint: String
    private let process: Process
    private let input: Pipe

    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/"
            && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        {
            url.deleteLastPathComponent()
        }
        return url
    }()

    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
            ?? which("python3")
    }

    /// Starts the server with extra flags (`--token`, `--drop-after`, `--corrupt` …; see the script).
    init(_ flags: [String] = []) throws {
        guard let python = Self.python else { throw Failure(description: "python3 is not installed") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.root.appendingPathComponent("scripts/fake-hub.py").path] + flags
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // First line: "HUB http://127.0.0.1:PORT CDN http://127.0.0.1:PORT".
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !line.contains(UInt8(ascii: "\n")) {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            line.append(byte)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count >= 2, words[0] == "HUB" else {
            process.terminate()
            throw Failure(description: "the fake hub did not start: \(String(decoding: line, as: UTF8.self))")
        }
        endpoint = String(words[1]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// What the server has served so far (`/_stats`).
    struct Stats: Decodable {
        let api_requests: Int
        let resolve_requests: Int
        let cdn_requests: Int
        let cdn_bytes: Int
        let ranges: [String]
        let auth_seen_on_cdn: Int
        let resolve_files: [String]
    }

    func stats() throws -> Stats {
        guard let url = URL(string: endpoint + "/_stats") else { throw Failure(description: "bad endpoint") }
        return try JSONDecoder().decode(Stats.self, from: try HTTPClient().fetch(URLRequest(url: url)).1)
    }

    private static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hubtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}
