import Foundation
import Testing
@testable import Shell

@Suite("Settings store")
struct SettingsStoreTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tokengen-settings-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("settings saved and loaded again are the same")
    func roundTrip() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = SettingsStore(environment: ["XDG_CONFIG_HOME": folder.path])
        var settings = ShellSettings()
        settings.rememberModel("/models/a.gguf")
        settings.rememberModel("/models/b")
        settings.compareModel = "/models/a.gguf"
        settings.prompt = "The world is full of amazing"
        settings.windowWidth = 1024
        settings.windowHeight = 700
        settings.selectedPane = 2
        settings.controls = AnalysisControls(
            topK: 7, clusters: 3, aggregation: .rollout, head: 2,
            features: .pattern, contrastA: " things", contrastB: " people")
        try store.save(settings)
        #expect(store.fileURL.path == folder.path + "/tokengen/settings.json")
        #expect(store.load() == settings)
        #expect(store.load().recentModels == ["/models/b", "/models/a.gguf"])
    }

    @Test("no file gives the defaults without a warning")
    func missingFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let warnings = WarningLog()
        let store = SettingsStore(fileURL: folder.appendingPathComponent("none.json"), warn: warnings.append)
        #expect(store.load() == ShellSettings())
        #expect(warnings.messages.isEmpty)
    }

    @Test("a corrupt file is ignored with a warning that names it")
    func corruptFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("settings.json")
        for garbage in ["{ not json", "[1, 2, 3]", "{\"windowWidth\": \"wide\"}", ""] {
            try Data(garbage.utf8).write(to: file)
            let warnings = WarningLog()
            let store = SettingsStore(fileURL: file, warn: warnings.append)
            #expect(store.load() == ShellSettings(), "content: \(garbage)")
            #expect(warnings.messages.count == 1)
            #expect(warnings.messages.first?.contains(file.path) == true)
        }
    }

    @Test("a partial file keeps its values and defaults the rest")
    func partialFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("settings.json")
        try Data(#"{"prompt": "Hello", "futureKey": true}"#.utf8).write(to: file)
        let loaded = SettingsStore(fileURL: file).load()
        var expected = ShellSettings()
        expected.prompt = "Hello"
        #expect(loaded == expected)
    }

    @Test("saving replaces a corrupt file and creates missing folders")
    func saveOverCorrupt() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("deep/er/settings.json")
        let store = SettingsStore(fileURL: file, warn: { _ in })
        var settings = ShellSettings()
        settings.prompt = "x"
        try store.save(settings)
        try Data("garbage".utf8).write(to: file)
        try store.save(settings)
        #expect(store.load() == settings)
    }

    @Test("saving into an unwritable place throws settingsNotSaved")
    func unwritable() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocker = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let store = SettingsStore(fileURL: blocker.appendingPathComponent("settings.json"))
        #expect(throws: ShellError.self) { try store.save(ShellSettings()) }
    }

    @Test("recent models keep the newest first, without duplicates, at most ten")
    func recentModels() {
        var settings = ShellSettings()
        for index in 0..<12 { settings.rememberModel("m\(index)") }
        settings.rememberModel("m5")
        #expect(settings.recentModels.count == ShellSettings.recentLimit)
        #expect(settings.recentModels.prefix(3) == ["m5", "m11", "m10"])
    }

    @Test("the default location follows XDG_CONFIG_HOME, else ~/.config")
    func location() {
        #expect(
            SettingsStore.defaultFileURL(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path
                == "/x/tokengen/settings.json")
        #expect(
            SettingsStore.defaultFileURL(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"]).path
                == "/h/.config/tokengen/settings.json")
        #expect(
            SettingsStore.defaultFileURL(environment: ["HOME": "/h"]).path
                == "/h/.config/tokengen/settings.json")
    }
}

/// Collects warnings from a store (thread-safe, since the store's callback is `@Sendable`).
final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var messages: [String] { lock.withLock { stored } }
    var append: @Sendable (String) -> Void { { [self] message in lock.withLock { stored.append(message) } } }
}
