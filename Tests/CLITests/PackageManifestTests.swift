import Foundation
import Testing

/// Package.swift against the sources: SwiftPM's native build re-runs a target's compile only when the
/// `.swiftmodule` of a dependency it *lists* changes. A target that imports one of our modules only
/// through another keeps that module's old struct layouts after an incremental build, and the two copies
/// of a value's outlined copy disagree on its size: PluginTests imported Analysis through PluginKit, and
/// after `AnalysisOptions` gained a field, `Collector.append` overwrote its own return address
/// (swiftlang/swift-package-manager#10502). A clean build hides the defect, so it is checked here.
@Suite("Package manifest")
struct PackageManifestTests {
    @Test("every target lists each of the package's modules it imports as a direct dependency")
    func importsAreListed() throws {
        let manifest = try Manifest.load(root: TokenGenBinary.root)
        var imports: [String: Set<String>] = [:]
        var unlisted: [String] = []
        for target in manifest.targets where target.type != "system" {
            let used = try Manifest.imports(under: TokenGenBinary.root.appendingPathComponent(target.path))
            imports[target.name] = used
            let absent = used.intersection(manifest.moduleNames).subtracting(target.dependencies)
                .subtracting([target.name])
            if !absent.isEmpty {
                unlisted.append("\(target.name) imports \(absent.sorted().joined(separator: ", "))")
            }
        }
        // The check reads what it should: the test target of the original crash and its imports.
        #expect(imports["PluginTests"]?.isSuperset(of: ["Analysis", "PluginKit"]) == true)
        #expect(
            unlisted.isEmpty,
            """
            Add these modules to the targets' `dependencies` in Package.swift, or an incremental build can \
            leave a target compiled against an old layout: \(unlisted.joined(separator: "; "))
            """)
    }
}

/// The targets of `swift package dump-package`, and the modules a folder of Swift files imports.
struct Manifest {
    struct Target {
        let name: String
        /// "regular", "executable", "test", "system", …
        let type: String
        /// Relative to the package root.
        let path: String
        /// Names of the targets and products it depends on.
        let dependencies: Set<String>
    }

    let targets: [Target]
    /// Every module a target may import from this package or its package dependencies.
    let moduleNames: Set<String>

    /// Runs `swift package dump-package` (in a scratch folder of its own, so a build in progress is not
    /// disturbed) and reads its JSON.
    static func load(root: URL) throws -> Manifest {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let r = try TokenGenBinary.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package"])
        guard r.status == 0 else { throw CLIFailure("swift package dump-package failed: \(r.stderr)") }
        let json = try r.json()
        let entries = try #require(json["targets"] as? [[String: Any]])
        var targets: [Target] = []
        var products: Set<String> = []
        for entry in entries {
            let name = try #require(entry["name"] as? String)
            let type = try #require(entry["type"] as? String)
            let folder = type == "test" ? "Tests" : "Sources"
            var dependencies: Set<String> = []
            for dependency in entry["dependencies"] as? [[String: Any]] ?? [] {
                for (kind, value) in dependency {
                    guard let dependencyName = (value as? [Any])?.first as? String else { continue }
                    dependencies.insert(dependencyName)
                    if kind == "product" { products.insert(dependencyName) }
                }
            }
            targets.append(
                Target(
                    name: name, type: type, path: entry["path"] as? String ?? "\(folder)/\(name)",
                    dependencies: dependencies))
        }
        return Manifest(targets: targets, moduleNames: Set(targets.map(\.name)).union(products))
    }

    /// Module names of every `import` in the Swift files under `folder` (attributes, access levels and
    /// `import struct M.T` forms included).
    static func imports(under folder: URL) throws -> Set<String> {
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw CLIFailure("cannot list \(folder.path)")
        }
        var modules: Set<String> = []
        for case let file as URL in files where file.pathExtension == "swift" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                if let module = importedModule(line) { modules.insert(module) }
            }
        }
        return modules
    }

    /// "M" for `import M`, `@testable import M`, `public import M`, `import struct M.T`; nil otherwise.
    static func importedModule(_ line: Substring) -> String? {
        let modifiers: Set<Substring> = ["public", "package", "internal", "fileprivate", "private"]
        let kinds: Set<Substring> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        while let first = words.first, first.hasPrefix("@") || modifiers.contains(first) { words = words.dropFirst() }
        guard words.first == "import" else { return nil }
        words = words.dropFirst()
        if let first = words.first, kinds.contains(first) { words = words.dropFirst() }
        guard let path = words.first, let module = path.split(separator: ".").first else { return nil }
        return String(module)
    }
}
