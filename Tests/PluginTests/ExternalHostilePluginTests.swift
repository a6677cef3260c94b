import Foundation
import PluginKit
import Testing

/// Libraries and metadata crafted to subvert the loader (issue 15): each is refused before `dlopen`
/// runs any of its code, and the app keeps running.
@Suite("External plugins crafted to subvert the loader")
@MainActor
struct ExternalHostilePluginTests {
    /// A C library with `extra` source appended (no `tokengen_plugin_entry` unless `extra` defines one).
    static func compileC(_ source: String, into folder: String, library: String) throws {
        let file = "\(folder)/.\(library).c"
        try ExternalFixtures.write(source, to: file)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try ExternalFixtures.run("/usr/bin/env", ["cc", "-shared", "-fPIC", "-o", "\(folder)/\(library)", file])
    }

    static func state(_ folder: String, _ id: String) throws -> ExternalPluginState {
        let catalog = ExternalPluginCatalog(folders: [.init(path: folder, required: true)])
        return try #require(catalog.entry(named: id)).state
    }

    @Test("an entry symbol that is data, not a function, is refused from the ELF symbol table")
    func entryIsData() throws {
        let folder = try ExternalFixtures.makeFolder("data-entry")
        try Self.compileC(
            "#include <stdint.h>\nconst uint64_t tokengen_plugin_entry[6] = {1, 48, 0, 0, 0, 0};\n",
            into: folder, library: "libdata.so")
        try ExternalFixtures.writeMetadata(folder, name: "data", id: "data", library: "libdata.so")
        guard case .disabled(.notAPlugin(_, let reason)) = try Self.state(folder, "data") else {
            Issue.record("expected notAPlugin")
            return
        }
        #expect(reason.contains("not a function"))
    }

    @Test("a library stating another API version is refused before its constructor runs")
    func versionBeforeConstructor() throws {
        let folder = try ExternalFixtures.makeFolder("ctor")
        let marker = "\(folder)/constructor-ran"
        try Self.compileC(
            """
            #include <stdint.h>
            #include <stdio.h>
            const uint64_t tokengen_plugin_api_version = 99;
            __attribute__((constructor)) static void ran(void) { FILE *f = fopen("\(marker)", "w"); if (f) fclose(f); }
            const void *tokengen_plugin_entry(void) { return 0; }
            """, into: folder, library: "libctor.so")
        try ExternalFixtures.writeMetadata(folder, name: "ctor", id: "ctor", library: "libctor.so")
        #expect(try Self.state(folder, "ctor") == .disabled(.apiVersionMismatch(id: "ctor", expected: 1, found: 99)))
        #expect(!FileManager.default.fileExists(atPath: marker), "the library's code ran")
    }

    @Test("a library linked from a world-writable folder is refused (the whole chain is checked)")
    func symlinkIntoWritableFolder() throws {
        let open = try ExternalFixtures.makeFolder("writable-target")
        chmod(open, 0o777)
        try ExternalFixtures.compile(.paintsRed, into: open, library: "libevil.so")
        let folder = try ExternalFixtures.makeFolder("link")
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/libevil.so", withDestinationPath: "\(open)/libevil.so")
        try ExternalFixtures.writeMetadata(folder, name: "evil", id: "evil", library: "libevil.so")
        guard case .disabled(.unsafePermissions(let path, let reason)) = try Self.state(folder, "evil") else {
            Issue.record("expected a permission refusal")
            return
        }
        #expect(path == open)
        #expect(reason.contains("every user"))
    }

    @Test("a FIFO as metadata or as library fails at once with what it is")
    func fifos() throws {
        let folder = try ExternalFixtures.makeFolder("fifo")
        #expect(mkfifo("\(folder)/pipe.plugin", 0o644) == 0)
        let catalog = ExternalPluginCatalog(folders: [.init(path: folder, required: true)])
        guard case .disabled(.invalidMetadata(_, let reason)) = try #require(catalog.entry(named: "pipe")).state
        else {
            Issue.record("expected invalid metadata")
            return
        }
        #expect(reason.contains("FIFO"))
        let other = try ExternalFixtures.makeFolder("fifo-lib")
        #expect(mkfifo("\(other)/libpipe.so", 0o644) == 0)
        try ExternalFixtures.writeMetadata(other, name: "pipe", id: "pipe", library: "libpipe.so")
        guard case .disabled(.notAPlugin(_, let why)) = try Self.state(other, "pipe") else {
            Issue.record("expected notAPlugin")
            return
        }
        #expect(why.contains("not a regular file"))
    }

    @Test("a 300 MB metadata file is refused by its size, without reading it")
    func hugeMetadata() throws {
        let folder = try ExternalFixtures.makeFolder("huge")
        let path = "\(folder)/huge.plugin"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("{".utf8)))
        #expect(truncate(path, 300 << 20) == 0)
        guard case .disabled(.invalidMetadata(_, let reason)) = try Self.state(folder, "huge") else {
            Issue.record("expected invalid metadata")
            return
        }
        #expect(reason.contains("314572800 bytes"))
    }

    @Test("a text file named as the library is refused as not ELF, and garbage ELF headers do not crash")
    func notELF() throws {
        let folder = try ExternalFixtures.makeFolder("text")
        try ExternalFixtures.write("not a library", to: "\(folder)/libtext.so")
        try ExternalFixtures.writeMetadata(folder, name: "text", id: "text", library: "libtext.so")
        guard case .disabled(.notAPlugin) = try Self.state(folder, "text") else {
            Issue.record("expected notAPlugin")
            return
        }
        // A real header with every later byte scrambled: typed errors only.
        var header = [UInt8](repeating: 0, count: 4096)
        header[0...3] = [0x7f, 0x45, 0x4c, 0x46]
        header[4] = 2
        header[5] = 1
        header[16] = 3
        header[18] = 62
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var bytes = header
            for i in 24..<bytes.count where Int.random(in: 0..<8, using: &rng) == 0 {
                bytes[i] = UInt8.random(in: 0...255, using: &rng)
            }
            _ = bytes.withUnsafeBytes { try? ExternalPluginELF(bytes: $0, path: "x") }
        }
    }

    @Test("a real plugin's ELF file shows its entry as a defined function")
    func realLibrary() throws {
        let folder = try ExternalFixtures.folderWithWorkingPlugin(id: "elf-ok")
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/libelf-ok.so"))
        let elf = try data.withUnsafeBytes { bytes throws(ExternalPluginError) in
            try ExternalPluginELF(bytes: bytes, path: "libelf-ok.so")
        }
        #expect(elf.entry?.isDefinedFunction == true)
        #expect(elf.apiVersion == nil)
    }
}
