import Foundation
import PluginKit
import Testing

@Suite("External plugin permissions")
@MainActor
struct ExternalPermissionTests {
    let rules = ExternalPluginPermissions(userID: 1000, groupID: 1000)

    @Test("own or root-owned, not world-writable, is safe")
    func safe() {
        #expect(rules.problem(mode: 0o40755, owner: 1000, group: 1000) == nil)
        #expect(rules.problem(mode: 0o100644, owner: 0, group: 0) == nil)
        #expect(rules.problem(mode: 0o40775, owner: 1000, group: 1000) == nil)
    }

    @Test("world-writable, foreign owner and a shared writable group are each refused with the reason")
    func unsafe() {
        #expect(rules.problem(mode: 0o40777, owner: 1000, group: 1000)?.contains("every user") == true)
        #expect(rules.problem(mode: 0o40755, owner: 1001, group: 1000)?.contains("user id 1001") == true)
        #expect(rules.problem(mode: 0o40775, owner: 1000, group: 100)?.contains("group id 100") == true)
    }

    @Test("a world-writable plugin folder is refused and nothing in it is loaded")
    func worldWritableFolder() throws {
        let folder = try ExternalFixtures.folderWithWorkingPlugin(id: "open")
        chmod(folder, 0o777)
        let catalog = ExternalPluginCatalog(folders: [.init(path: folder, required: true)])
        #expect(catalog.plugins.isEmpty)
        let entry = try #require(catalog.entries.first)
        #expect(entry.source == folder)
        guard case .disabled(.unsafePermissions(let path, let reason)) = entry.state else {
            Issue.record("expected a permission refusal, got \(entry.state)")
            return
        }
        #expect(path == folder)
        #expect(reason.contains("writable by every user"))
        #expect(
            ExternalPluginError.unsafePermissions(path: path, reason: reason).description.contains(
                "chmod go-w"))
    }

    @Test("a world-writable library in a safe folder is refused before it is opened")
    func worldWritableLibrary() throws {
        let folder = try ExternalFixtures.folderWithWorkingPlugin(id: "lib-open")
        chmod("\(folder)/liblib-open.so", 0o777)
        let catalog = ExternalPluginCatalog(folders: [.init(path: folder, required: true)])
        let entry = try #require(catalog.entry(named: "lib-open"))
        guard case .disabled(.unsafePermissions(let path, _)) = entry.state else {
            Issue.record("expected a permission refusal, got \(entry.state)")
            return
        }
        #expect(path.hasSuffix("liblib-open.so"))
        #expect(entry.metadata?.id == "lib-open")
    }
}
