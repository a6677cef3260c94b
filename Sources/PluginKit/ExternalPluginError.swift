import ModelFiles

/// Why a plugin could not be found, loaded, updated or drawn.
///
/// An external plugin that fails is reported with one of these and disabled; the app keeps running.
/// Every message says what is wrong and what to do about it. (Separate from the registry's `PluginError`
/// so the two branches merge; the cases do not overlap and may be folded into one enum later.)
public enum ExternalPluginError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A folder named by `--plugin-path` does not exist (or is not a folder).
    case folderMissing(path: String)
    /// A folder or file others can write to: they could replace the plugin's code.
    /// `reason` says which bit or owner made it unsafe.
    case unsafePermissions(path: String, reason: String)
    /// A folder could not be listed or a file could not be read or inspected.
    case unreadable(path: String, reason: String)
    /// The metadata file is not valid: bad JSON, a missing field, or a bad value.
    case invalidMetadata(path: String, reason: String)
    /// The library the metadata names is not in the plugin's folder.
    case libraryMissing(path: String)
    /// The metadata (or the loaded library) says it was built for another plugin API version.
    case apiVersionMismatch(id: String, expected: Int, found: Int)
    /// Two plugins share one id; the later one is not loaded.
    case duplicateID(id: String, path: String)
    /// `dlopen` refused the library (wrong architecture, missing dependency, not a shared library…).
    case loadFailed(path: String, reason: String)
    /// The file is not a plugin library TokenGen may load (not an ELF shared object for this machine,
    /// a FIFO, an entry symbol that is data, …), found by inspecting it before `dlopen`.
    case notAPlugin(path: String, reason: String)
    /// The library has no `tokengen_plugin_entry` symbol, or the entry returned nothing.
    case missingEntryPoint(path: String, symbol: String)
    /// The plugin's function table is malformed (too small, or a function is missing).
    case invalidFunctionTable(id: String, reason: String)
    /// The plugin's `create` returned no state.
    case createFailed(id: String)
    /// The plugin rejected a snapshot update.
    case updateFailed(id: String, message: String)
    /// The plugin reported an error (or left Cairo in an error state) while drawing.
    case drawFailed(id: String, message: String)
    /// The plugin was disabled earlier for `reason` and is not called again.
    case disabled(id: String, reason: String)

    public var description: String { ErrorText.clip(message, 400) }

    private var message: String {
        switch self {
        case .folderMissing(let path):
            return "Plugin folder \(path) does not exist; create it or fix the --plugin-path argument."
        case .unsafePermissions(let path, let reason):
            return "Refusing to load plugins from \(path): \(reason). "
                + "Other users could replace its code; run `chmod go-w \(path)` "
                + "(and make sure you or root own it)."
        case .unreadable(let path, let reason):
            return "Cannot read \(path): \(reason); check that it exists and you may read it."
        case .invalidMetadata(let path, let reason):
            return "Plugin metadata \(path) is invalid: \(reason). "
                + "Fix the file (JSON with id, title, description, version, api_version, library) "
                + "or remove it."
        case .libraryMissing(let path):
            return "Plugin library \(path) is missing; build the plugin and copy its library next "
                + "to its .plugin file, or fix the `library` field."
        case .apiVersionMismatch(let id, let expected, let found):
            return "Plugin '\(id)' was built for plugin API version \(found), but this TokenGen "
                + "speaks version \(expected); rebuild the plugin against this TokenGen."
        case .duplicateID(let id, let path):
            return "Plugin '\(id)' in \(path) has the same id as a plugin already loaded; "
                + "rename its id or remove one of the two."
        case .loadFailed(let path, let reason):
            return "Cannot load plugin library \(path): \(reason). "
                + "Rebuild it for this machine and check its dependencies with `ldd`."
        case .notAPlugin(let path, let reason):
            return "\(path) is not a plugin library TokenGen can load: \(reason). "
                + "Build the plugin as a shared library exporting the C function `tokengen_plugin_entry`."
        case .missingEntryPoint(let path, let symbol):
            return "Plugin library \(path) has no entry point `\(symbol)`; "
                + "export it with @_cdecl(\"\(symbol)\") (or extern \"C\") and rebuild."
        case .invalidFunctionTable(let id, let reason):
            return "Plugin '\(id)' returned a malformed function table: \(reason); "
                + "rebuild it against this TokenGen's plugin header."
        case .createFailed(let id):
            return "Plugin '\(id)' failed to create its state; it was disabled. "
                + "Check its output for the cause."
        case .updateFailed(let id, let message):
            return "Plugin '\(id)' failed to take the analysis: \(message). It was disabled; "
                + "report this to its author."
        case .drawFailed(let id, let message):
            return "Plugin '\(id)' failed while drawing: \(message). It was disabled; "
                + "report this to its author."
        case .disabled(let id, let reason):
            return "Plugin '\(id)' is disabled (\(reason)); fix it and restart TokenGen."
        }
    }
}
