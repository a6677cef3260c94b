import Foundation
import ModelFiles

/// A folder to look for external plugins in.
public struct ExternalPluginFolder: Sendable, Equatable {
    public var path: String
    /// True for folders the user named (`--plugin-path`): a missing one is reported. The default
    /// folder may simply not exist.
    public var required: Bool

    public init(path: String, required: Bool) {
        self.path = path
        self.required = required
    }

    /// `$XDG_DATA_HOME/tokengen/plugins`, or `~/.local/share/tokengen/plugins` when XDG_DATA_HOME is unset
    /// or not absolute (as the XDG spec says).
    public static func userFolder(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ExternalPluginFolder
    {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = (home as NSString).appendingPathComponent(".local/share")
        }
        return ExternalPluginFolder(
            path: (base as NSString).appendingPathComponent("tokengen/plugins"), required: false)
    }

    /// The user folder followed by every `--plugin-path` folder, in order.
    /// Plugins installed with the app: `<prefix>/share/tokengen/plugins` (`data/plugins` in a source tree).
    public static func systemFolder(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ExternalPluginFolder
    {
        ExternalPluginFolder(
            path: AppPaths.dataDirectory(environment: environment).appendingPathComponent("plugins").path,
            required: false)
    }

    public static func searchPath(
        pluginPaths: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [ExternalPluginFolder] {
        [systemFolder(environment: environment), userFolder(environment: environment)]
            + pluginPaths.map { ExternalPluginFolder(path: $0, required: true) }
    }
}

/// Whether an external plugin is usable.
public enum ExternalPluginState: Sendable, Equatable {
    case loaded
    /// Not loaded (or disabled after loading), with the reason to show the user.
    case disabled(ExternalPluginError)
}

/// One plugin (or one problem) found while scanning the plugin folders.
public struct ExternalPluginEntry {
    /// The metadata file, or the folder when the folder itself was refused.
    public let source: String
    /// Nil when the metadata could not be read (or a folder was refused).
    public let metadata: PluginMetadata?
    /// The plugin, when it loaded.
    public let plugin: ExternalPlugin?
    /// The library's functions, when it loaded: `makePlugin()` creates further instances from them.
    public let functions: ExternalPluginFunctions?
    private let loadError: ExternalPluginError?

    init(source: String, metadata: PluginMetadata?, plugin: ExternalPlugin?, error: ExternalPluginError?) {
        self.source = source
        self.metadata = metadata
        self.plugin = plugin
        self.functions = plugin?.functions
        self.loadError = error
    }

    /// A new, independent instance of this plugin (its own state), e.g. for an export while the window
    /// shows the first one.
    /// - Throws: the reason the plugin is disabled, or `.createFailed`.
    @MainActor public func makePlugin() throws(ExternalPluginError) -> ExternalPlugin {
        if let loadError { throw loadError }
        guard let functions, let metadata, let plugin else {
            throw .disabled(id: metadata?.id ?? source, reason: "it did not load")
        }
        return try ExternalPlugin(metadata: metadata, libraryPath: plugin.libraryPath, functions: functions)
    }

    /// Loaded, or disabled with why; a loaded plugin that later failed to draw shows as disabled.
    @MainActor public var state: ExternalPluginState {
        if let loadError { return .disabled(loadError) }
        if let failure = plugin?.failure { return .disabled(failure) }
        return .loaded
    }
}

/// Finds external plugins, reads their metadata, checks permissions and loads the libraries.
///
/// Nothing here throws: every problem becomes a disabled entry, and the remaining plugins still load.
/// Main-actor bound, as the plugins it loads are.
@MainActor public final class ExternalPluginCatalog {
    public let folders: [ExternalPluginFolder]
    /// In search-path order, then metadata file name order.
    public private(set) var entries: [ExternalPluginEntry] = []

    /// The plugins that loaded and are not disabled.
    public var plugins: [ExternalPlugin] {
        entries.compactMap(\.plugin).filter { !$0.isDisabled }
    }

    /// Scans `folders` and loads every plugin found.
    /// - Parameters:
    ///   - reservedIDs: ids already taken (the built-in plugins); a plugin reusing one is refused.
    ///   - permissions: whose files are trusted (the current user by default).
    public init(
        folders: [ExternalPluginFolder], reservedIDs: Set<String> = [],
        permissions: ExternalPluginPermissions = ExternalPluginPermissions()
    ) {
        self.folders = folders
        var taken = reservedIDs
        for folder in folders {
            scan(folder, taken: &taken, permissions: permissions)
        }
    }

    private func scan(
        _ folder: ExternalPluginFolder, taken: inout Set<String>, permissions: ExternalPluginPermissions
    ) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            if folder.required { fail(folder.path, .folderMissing(path: folder.path)) }
            return
        }
        do {
            try permissions.checkChain(folder.path)
        } catch {
            fail(folder.path, error)
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            fail(folder.path, .unreadable(path: folder.path, reason: error.localizedDescription))
            return
        }
        for name in names.sorted() where (name as NSString).pathExtension == PluginMetadata.fileExtension {
            let path = (folder.path as NSString).appendingPathComponent(name)
            entries.append(
                load(metadataAt: path, folder: folder.path, taken: &taken, permissions: permissions))
        }
    }

    private func load(
        metadataAt path: String, folder: String, taken: inout Set<String>,
        permissions: ExternalPluginPermissions
    ) -> ExternalPluginEntry {
        var metadata: PluginMetadata?
        do throws(ExternalPluginError) {
            try permissions.checkChain(path)
            let meta = try PluginMetadata.read(from: URL(fileURLWithPath: path))
            metadata = meta
            guard meta.apiVersion == PluginInfo.currentAPIVersion else {
                throw .apiVersionMismatch(
                    id: meta.id, expected: PluginInfo.currentAPIVersion, found: meta.apiVersion)
            }
            guard !taken.contains(meta.id) else { throw .duplicateID(id: meta.id, path: path) }
            let library = (folder as NSString).appendingPathComponent(meta.library)
            guard FileManager.default.fileExists(atPath: library) else {
                throw .libraryMissing(path: library)
            }
            let functions = try ExternalPluginLibrary.open(path: library, id: meta.id, permissions: permissions)
            let plugin = try ExternalPlugin(metadata: meta, libraryPath: library, functions: functions)
            taken.insert(meta.id)
            return ExternalPluginEntry(source: path, metadata: meta, plugin: plugin, error: nil)
        } catch {
            return ExternalPluginEntry(source: path, metadata: metadata, plugin: nil, error: error)
        }
    }

    private func fail(_ source: String, _ error: ExternalPluginError) {
        entries.append(ExternalPluginEntry(source: source, metadata: nil, plugin: nil, error: error))
    }
}
