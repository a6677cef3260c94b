import Charts
import Foundation
import PluginKit
import TestScratch

/// Helpers for the external-plugin tests: temp plugin folders, C fixture libraries, the example plugin.
enum ExternalFixtures {
    /// The folder holding the main `Package.swift`, found by walking up from this file.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/"
            && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// A fresh, private (0755, owned by us) folder under the temp directory.
    static func makeFolder(_ label: String) throws -> String {
        try TestScratch.folder("plugins-\(label)").path
    }

    /// Writes a `.plugin` metadata file into `folder`.
    static func writeMetadata(
        _ folder: String, name: String, id: String, library: String, apiVersion: Int = 1
    ) throws {
        let json = """
            {"id": "\(id)", "title": "Fixture \(id)", "description": "A test fixture", "version": "0.0.1",
             "api_version": \(apiVersion), "library": "\(library)"}
            """
        try write(json, to: "\(folder)/\(name).plugin")
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    }

    /// How a C fixture plugin behaves.
    enum CFixture {
        /// Paints the whole area red.
        case paintsRed
        /// Has no `tokengen_plugin_entry` symbol.
        case noEntryPoint
        /// Reports API version 99 from its table.
        case tableVersion99
        /// Returns an error with a message from `draw`.
        case failsToDraw
        /// Returns an error with a message from `update`.
        case failsToUpdate

        var defines: [String] {
            switch self {
            case .paintsRed: return ["-DAPI_VERSION=1"]
            case .noEntryPoint: return ["-DAPI_VERSION=1", "-DNO_ENTRY"]
            case .tableVersion99: return ["-DAPI_VERSION=99"]
            case .failsToDraw: return ["-DAPI_VERSION=1", "-DFAIL_DRAW"]
            case .failsToUpdate: return ["-DAPI_VERSION=1", "-DFAIL_UPDATE"]
            }
        }
    }

    /// The message the `failsToDraw` fixture reports.
    static let fixtureDrawMessage = "the fixture always fails"
    /// The message the `failsToUpdate` fixture reports when it receives a JSON object.
    static let fixtureUpdateMessage = "the fixture rejects every snapshot"

    /// A tiny C plugin, written to the ABI by hand (cairo symbols resolve from the host process).
    static let cSource = """
        #include <stdint.h>
        #include <string.h>
        void cairo_set_source_rgb(void *, double, double, double);
        void cairo_paint(void *);
        typedef struct {
            uint64_t api_version, table_size;
            void *(*create)(void);
            int32_t (*update)(void *, const char *, uint64_t, char *, uint64_t);
            int32_t (*draw)(void *, void *, double, double, int32_t, char *, uint64_t);
            void (*destroy)(void *);
        } table;
        static int state;
        static void *create(void) { return &state; }
        static int32_t update(void *s, const char *j, uint64_t n, char *m, uint64_t c) {
        #ifdef FAIL_UPDATE
            if (n > 0 && j[0] == '{') { strncpy(m, "\(fixtureUpdateMessage)", c); return 3; }
        #endif
            return 0;
        }
        static int32_t draw(void *s, void *cr, double w, double h, int32_t dark, char *m, uint64_t c) {
        #ifdef FAIL_DRAW
            strncpy(m, "\(fixtureDrawMessage)", c);
            return 7;
        #else
            cairo_set_source_rgb(cr, 1, 0, 0);
            cairo_paint(cr);
            return 0;
        #endif
        }
        static void destroy(void *s) {}
        static const table t = { API_VERSION, sizeof(table), create, update, draw, destroy };
        #ifndef NO_ENTRY
        const table *tokengen_plugin_entry(void) { return &t; }
        #endif
        """

    /// Compiles a C fixture into `folder/library` with `cc -shared`.
    static func compile(_ fixture: CFixture, into folder: String, library: String) throws {
        let source = "\(folder)/.\(library).c"
        try write(cSource, to: source)
        defer { try? FileManager.default.removeItem(atPath: source) }
        try run(
            "/usr/bin/env",
            ["cc", "-shared", "-fPIC", "-o", "\(folder)/\(library)", source] + fixture.defines)
    }

    /// A folder holding one working C plugin with id `id`.
    static func folderWithWorkingPlugin(id: String) throws -> String {
        let folder = try makeFolder(id)
        try compile(.paintsRed, into: folder, library: "lib\(id).so")
        try writeMetadata(folder, name: id, id: id, library: "lib\(id).so")
        return folder
    }

    struct CommandFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a program and waits; throws with its output when it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailed(description: "\(arguments.joined(separator: " ")) failed:\n\(output)")
        }
        return output
    }

    /// The example plugin's library, built once per test run (`swift build --package-path
    /// plugins/example-entropy -c release`, a few seconds when up to date). `TOKENGEN_EXAMPLE_PLUGIN`
    /// may name a library built beforehand.
    static let examplePlugin: Result<String, CommandFailed> = {
        if let prebuilt = ProcessInfo.processInfo.environment["TOKENGEN_EXAMPLE_PLUGIN"] {
            return .success(prebuilt)
        }
        let package = packageRoot.appendingPathComponent("plugins/example-entropy").path
        do {
            try run(swiftExecutable, ["build", "--package-path", package, "-c", "release"])
        } catch let error as CommandFailed {
            return .failure(error)
        } catch {
            return .failure(CommandFailed(description: "cannot run swift build: \(error)"))
        }
        return .success("\(package)/.build/release/libEntropyPlugin.so")
    }()

    /// `swift` from PATH, else the toolchain this machine installs at /opt/swift.
    static var swiftExecutable: String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/swift" } + ["/opt/swift/usr/bin/swift"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? "/opt/swift/usr/bin/swift"
    }

    /// The example's metadata file in the source tree.
    static var exampleMetadata: String {
        packageRoot.appendingPathComponent("plugins/example-entropy/entropy.plugin").path
    }
}

/// A host for tests: a theme and nothing else.
final class TestPluginHost: PluginHost {
    var selection: SharedSelection? { nil }
    let settings: PluginSettings
    init(theme: Theme) { settings = PluginSettings(theme: theme) }
    func requestRedraw(_ plugin: any VisualizationPlugin) {}
}

extension ExternalPluginCatalog {
    /// The entry whose source is the metadata file `name`.plugin (or the folder itself).
    func entry(named name: String) -> ExternalPluginEntry? {
        entries.first { ($0.source as NSString).lastPathComponent == "\(name).plugin" }
    }
}
