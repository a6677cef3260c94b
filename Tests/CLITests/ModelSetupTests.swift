import Foundation
import Testing

@Suite("default-model set-up script", .serialized)
struct ModelSetupTests {
    static func runScript(modelsDir: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TokenGenBinary.root.appendingPathComponent("scripts/fetch-default-model.sh").path]
        var env = ProcessInfo.processInfo.environment
        env["TOKENGEN_MODELS_DIR"] = modelsDir.path
        // No network for this test: an index nobody listens on, no retries.
        env["PIP_INDEX_URL"] = "http://127.0.0.1:9/simple"
        env["PIP_RETRIES"] = "0"
        env["PIP_TIMEOUT"] = "2"
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("a verified model is left alone; a corrupted one is detected; no network gives a clear error and no file")
    func verifyCorruptOffline() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokengen-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = "SmolLM2-135M-Instruct.Q4_1.gguf"
        let real = TokenGenBinary.root.appendingPathComponent("data/models/\(name)")
        let copy = dir.appendingPathComponent(name)
        try FileManager.default.copyItem(at: real, to: copy)

        let first = try Self.runScript(modelsDir: dir)
        #expect(first.status == 0)
        #expect(first.output.contains("present (verified)"))

        // Corrupt four bytes in place: set-up must notice and try to fetch again.
        let handle = try FileHandle(forWritingTo: copy)
        try handle.seek(toOffset: 5_000_000)
        try handle.write(contentsOf: Data("XXXX".utf8))
        try handle.close()
        let second = try Self.runScript(modelsDir: dir)
        #expect(second.output.contains("corrupt"))
        #expect(second.status == 1)
        #expect(second.output.contains("could not download"))
        #expect(second.output.contains("check the network"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left.isEmpty, "no half-written or corrupt file may stay behind: \(left)")
    }
}
