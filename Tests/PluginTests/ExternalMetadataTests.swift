import Foundation
import PluginKit
import Testing

@Suite("External plugin metadata")
struct ExternalMetadataTests {
    private func parse(_ json: String) throws(ExternalPluginError) -> PluginMetadata {
        try PluginMetadata.parse(Data(json.utf8), path: "/p/x.plugin")
    }

    @Test("a complete metadata file gives every field, api_version included")
    func parsesFields() throws {
        let meta = try parse(
            """
            {"id": "entropy", "title": "Entropy", "description": "d", "version": "0.1.0",
             "api_version": 1, "library": "libEntropyPlugin.so"}
            """)
        #expect(meta.id == "entropy")
        #expect(meta.apiVersion == 1)
        #expect(meta.library == "libEntropyPlugin.so")
        #expect(meta.info.title == "Entropy")
    }

    @Test("the shipped example's metadata parses and names its library")
    func exampleMetadata() throws {
        let meta = try PluginMetadata.read(from: URL(fileURLWithPath: ExternalFixtures.exampleMetadata))
        #expect(meta.id == "entropy")
        #expect(meta.apiVersion == PluginInfo.currentAPIVersion)
        #expect(meta.library == "libEntropyPlugin.so")
    }

    @Test("a missing field is named in the error")
    func missingField() {
        #expect(
            throws: ExternalPluginError.invalidMetadata(
                path: "/p/x.plugin", reason: "field 'library' is missing")
        ) {
            try parse(#"{"id": "a", "title": "A", "description": "", "version": "1", "api_version": 1}"#)
        }
    }

    @Test("text that is not JSON is reported as invalid metadata, not a crash")
    func corrupt() {
        do {
            _ = try parse("id = entropy\n\u{0}\u{1}")
            Issue.record("corrupt metadata parsed")
        } catch {
            guard case .invalidMetadata(let path, let reason) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(path == "/p/x.plugin")
            #expect(reason.contains("JSON"))
            #expect(error.description.contains("Fix the file"))
        }
    }

    @Test("an id with capitals or a library path with a slash is refused")
    func badValues() {
        let base = #""title": "A", "description": "", "version": "1", "api_version": 1"#
        #expect(throws: ExternalPluginError.self) {
            try parse(#"{"id": "Bad Id", "library": "l.so", "# + base + "}")
        }
        #expect(throws: ExternalPluginError.self) {
            try parse(#"{"id": "ok", "library": "../evil.so", "# + base + "}")
        }
        #expect(throws: ExternalPluginError.self) {
            try parse(#"{"id": "ok", "library": "l.so", "api_version": "one"}"#)
        }
    }

    @Test("the search path: the app's own plugin folder, the user folder (XDG_DATA_HOME, else ~/.local/share), then --plugin-path")
    func userFolder() {
        let xdg = ExternalPluginFolder.userFolder(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"])
        #expect(xdg.path == "/data/tokengen/plugins")
        #expect(!xdg.required)
        let home = ExternalPluginFolder.userFolder(environment: [
            "XDG_DATA_HOME": "relative", "HOME": "/home/u",
        ])
        #expect(home.path == "/home/u/.local/share/tokengen/plugins")
        let env = ["HOME": "/h", "TOKENGEN_DATA_DIR": "/usr/share/tokengen"]
        let path = ExternalPluginFolder.searchPath(pluginPaths: ["/x"], environment: env)
        #expect(path.map(\.path) == ["/usr/share/tokengen/plugins", "/h/.local/share/tokengen/plugins", "/x"])
        #expect(path.map(\.required) == [false, false, true])
    }

    @Test("payload JSON uses snake_case keys and survives infinite KL")
    func payloadJSON() throws {
        let payload = PluginSnapshotPayload(
            stage: "finished", layersDone: 2, layerCount: 1, model: "m", tokens: [.init(id: 1, text: "a")],
            queryPosition: 0,
            metrics: [.init(layer: 0, entropy: 2, klFromFinal: .infinity, finalTop1Rank: 3, maxProb: 0.5)])
        let json = String(decoding: try payload.encoded(), as: UTF8.self)
        #expect(json.contains("\"kl_from_final\":\"Infinity\""))
        #expect(json.contains("\"query_position\":0"))
        #expect(try PluginSnapshotPayload.decode(Data(json.utf8)) == payload)
    }
}
