import Foundation

/// The tests' temporary folders: each under one folder of this test process, which is removed when the
/// process exits, so that a test run leaves nothing in the temp directory (a crashed run leaves its one
/// folder).
public enum TestScratch {
    /// This process's folder, `tokengen-tests-<pid>-<uuid>` in the temp directory, created on first use.
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tokengen-tests-\(getpid())-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        atexit { TestScratch.removeRoot() }
        return url
    }()

    /// A fresh empty folder `label-<uuid>` (mode 0755) under `root`.
    public static func folder(_ label: String) throws -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return url
    }

    private static func removeRoot() {
        try? FileManager.default.removeItem(at: root)
    }
}
