import ArgumentParser
import Foundation
import PluginKit

/// `tokengen plugins`: lists the built-in plugins and the external ones found, with whether each loaded.
///
/// External plugins come from `$XDG_DATA_HOME/tokengen/plugins` and every `--plugin-path` folder; a refused
/// or broken one is listed as disabled with the reason, so the user can fix it without starting the window.
struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List built-in and external plugins and whether each one loads.")

    @Option(
        name: .customLong("plugin-path"),
        help: ArgumentHelp("A folder of external plugins (repeatable).", valueName: "DIR"))
    var pluginPaths: [String] = []

    @Flag(help: "Print JSON instead of text.")
    var json = false

    /// The built-in plugins' identities, from the one built-in list.
    static var builtinInfos: [PluginInfo] { BuiltinPlugins.factories.map(\.info) }

    /// Plugins are main-actor bound; ArgumentParser runs commands on the main thread.
    func run() throws {
        try MainActor.assumeIsolated { try list() }
    }

    @MainActor private func list() throws {
        let folders = ExternalPluginFolder.searchPath(pluginPaths: pluginPaths)
        let catalog = ExternalPluginCatalog(
            folders: folders, reservedIDs: Set(Self.builtinInfos.map(\.id)))
        let listing = PluginListing(
            folders: folders.map(\.path),
            plugins: Self.builtinInfos.map(PluginListing.Row.init(builtin:))
                + catalog.entries.map(PluginListing.Row.init(external:)))
        if json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(listing), as: UTF8.self))
        } else {
            print(listing.text)
        }
    }
}

/// What `tokengen plugins` prints.
struct PluginListing: Encodable {
    /// The external plugin folders searched, in order.
    let folders: [String]
    let plugins: [Row]

    struct Row: Encodable {
        /// Nil when an external plugin's metadata could not be read.
        let id: String?
        let title: String?
        let version: String?
        let apiVersion: Int?
        /// "builtin" or "external".
        let kind: String
        /// "loaded" or "disabled".
        let state: String
        /// Why it is disabled.
        let reason: String?
        /// The metadata file (or refused folder) of an external plugin.
        let source: String?
        /// The library file of an external plugin.
        let library: String?

        init(builtin info: PluginInfo) {
            id = info.id
            title = info.title
            version = info.version
            apiVersion = info.apiVersion
            kind = "builtin"
            state = "loaded"
            reason = nil
            source = nil
            library = nil
        }

        @MainActor init(external entry: ExternalPluginEntry) {
            let meta = entry.metadata
            id = meta?.id
            title = meta?.title
            version = meta?.version
            apiVersion = meta?.apiVersion
            kind = "external"
            source = entry.source
            library = meta.map {
                ((entry.source as NSString).deletingLastPathComponent as NSString)
                    .appendingPathComponent($0.library)
            }
            switch entry.state {
            case .loaded:
                state = "loaded"
                reason = nil
            case .disabled(let error):
                state = "disabled"
                reason = error.description
            }
        }
    }

    var text: String {
        var lines = plugins.map { row in
            let name = row.id ?? (row.source.map { ($0 as NSString).lastPathComponent } ?? "?")
            let head = "\(name) (\(row.kind)\(row.version.map { ", \($0)" } ?? "")): \(row.state)"
            return row.reason.map { "\(head)\n    \($0)" } ?? head
        }
        lines.append("Searched: \(folders.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
