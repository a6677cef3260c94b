import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C ABI between TokenGen and an external plugin library: one exported function returning a table.
///
/// Why C and not Swift protocols: a plugin built in another package gets its own copy of any Swift module
/// it shares with the app, so Swift casts across the boundary fail and type layouts may drift. A table of
/// C function pointers, with data passed as JSON (`PluginSnapshotPayload`) and drawing done on the app's
/// `cairo_t`, works for plugins written in Swift, C or anything that can export a C symbol.
///
/// ```c
/// // Every field is 8 bytes, so offsets are fixed: 0, 8, 16, 24, 32, 40.
/// typedef struct {
///     uint64_t api_version;   // TOKENGEN_PLUGIN_API_VERSION (1); read before anything else
///     uint64_t table_size;    // sizeof(tokengen_plugin_v1) = 48
///     void *(*create)(void);  // the plugin's state, or NULL on failure
///     // 0 on success; otherwise writes a NUL-terminated message into message[capacity].
///     int32_t (*update)(void *state, const char *json, uint64_t length,
///                       char *message, uint64_t capacity);
///     int32_t (*draw)(void *state, cairo_t *cr, double width, double height, int32_t dark,
///                     char *message, uint64_t capacity);
///     void (*destroy)(void *state);
/// } tokengen_plugin_v1;
/// const tokengen_plugin_v1 *tokengen_plugin_entry(void);
/// ```
///
/// The table must stay valid while the library is loaded (a static). The app calls every function on
/// one thread (the window's), never concurrently, and never unloads a library once opened.
public enum ExternalPluginABI {
    /// The exported symbol every plugin library provides.
    public static let entrySymbol = "tokengen_plugin_entry"
    /// Size in bytes of the version-1 table.
    public static let tableSize = 48
    /// Room the app gives a plugin for an error message, including the final NUL.
    public static let messageCapacity = 1024

    public typealias EntryFunction = @convention(c) () -> UnsafeRawPointer?
    public typealias CreateFunction = @convention(c) () -> UnsafeMutableRawPointer?
    public typealias UpdateFunction =
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UInt64, UnsafeMutablePointer<CChar>?, UInt64
        ) -> Int32
    public typealias DrawFunction =
        @convention(c) (
            UnsafeMutableRawPointer?, OpaquePointer?, Double, Double, Int32,
            UnsafeMutablePointer<CChar>?, UInt64
        ) -> Int32
    public typealias DestroyFunction = @convention(c) (UnsafeMutableRawPointer?) -> Void
}

/// The functions of one loaded plugin, read from its table.
///
/// `@unchecked Sendable`: immutable pointers to code in a library that is never unloaded, so a
/// `@Sendable` plugin factory may capture them; the ABI still requires calls from one thread at a time.
public struct ExternalPluginFunctions: @unchecked Sendable {
    public let apiVersion: Int
    public let create: ExternalPluginABI.CreateFunction
    public let update: ExternalPluginABI.UpdateFunction
    public let draw: ExternalPluginABI.DrawFunction
    public let destroy: ExternalPluginABI.DestroyFunction

    /// Reads a table at `table`, checking the API version first and the size and functions after.
    /// - Throws: `.apiVersionMismatch`, `.invalidFunctionTable`.
    public init(table: UnsafeRawPointer, id: String) throws(ExternalPluginError) {
        let version = table.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        guard version == UInt64(PluginInfo.currentAPIVersion) else {
            throw .apiVersionMismatch(
                id: id, expected: PluginInfo.currentAPIVersion, found: Int(truncatingIfNeeded: version))
        }
        let size = table.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        guard size >= UInt64(ExternalPluginABI.tableSize) else {
            throw .invalidFunctionTable(
                id: id,
                reason: "table_size is \(size) bytes, expected at least \(ExternalPluginABI.tableSize)")
        }
        func pointer(_ offset: Int, _ name: String) throws(ExternalPluginError) -> UnsafeRawPointer {
            guard let p = table.loadUnaligned(fromByteOffset: offset, as: UnsafeRawPointer?.self) else {
                throw .invalidFunctionTable(id: id, reason: "function `\(name)` is NULL")
            }
            return p
        }
        apiVersion = Int(version)
        create = unsafeBitCast(try pointer(16, "create"), to: ExternalPluginABI.CreateFunction.self)
        update = unsafeBitCast(try pointer(24, "update"), to: ExternalPluginABI.UpdateFunction.self)
        draw = unsafeBitCast(try pointer(32, "draw"), to: ExternalPluginABI.DrawFunction.self)
        destroy = unsafeBitCast(try pointer(40, "destroy"), to: ExternalPluginABI.DestroyFunction.self)
    }
}

/// Opens a plugin library and finds its table. Libraries are never closed: unloading Swift code that
/// registered type metadata with the runtime can crash the app later.
public enum ExternalPluginLibrary {
    /// Largest library file inspected (and loaded): 1 GiB.
    public static let sizeLimit = 1 << 30

    /// Checks `path` and loads it: resolves links and checks every folder above the file, opens the file
    /// once, checks that descriptor (regular file, owner and mode, ELF symbols) and `dlopen`s that same
    /// descriptor through `/proc/self/fd/N`, so the checked file is the loaded one.
    /// - Throws: `.unsafePermissions`, `.notAPlugin`, `.missingEntryPoint`, `.apiVersionMismatch` (from the
    ///   file's version constant, before any of its code runs, or from its table), `.loadFailed`,
    ///   `.invalidFunctionTable`.
    public static func open(
        path: String, id: String, permissions: ExternalPluginPermissions = ExternalPluginPermissions()
    ) throws(ExternalPluginError) -> ExternalPluginFunctions {
        let real = try permissions.checkChain(path)
        let fd = Glibc.open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        // The descriptor stays open once the library is loaded: the loader knows the library by the name
        // `/proc/self/fd/N`, and a closed N reused by the next plugin would make `dlopen` return the first
        // library again. Libraries are never unloaded, so neither is their descriptor closed.
        var loaded = false
        defer { if !loaded { close(fd) } }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .notAPlugin(path: path, reason: "it is not a regular file (a FIFO, device or folder)")
        }
        if let reason = permissions.problem(mode: UInt32(info.st_mode), owner: info.st_uid, group: info.st_gid) {
            throw .unsafePermissions(path: path, reason: reason)
        }
        let size = Int(info.st_size)
        guard size > 0, size <= sizeLimit else {
            throw .notAPlugin(path: path, reason: "it has \(size) bytes (a plugin library has 1 to \(sizeLimit))")
        }
        let elf = try inspect(fd: fd, size: size, path: path)
        guard let entry = elf.entry, entry.section != 0 else {
            throw .missingEntryPoint(path: path, symbol: ExternalPluginABI.entrySymbol)
        }
        guard entry.isDefinedFunction else {
            throw .notAPlugin(
                path: path,
                reason: "its `\(ExternalPluginABI.entrySymbol)` is not a function (ELF symbol type \(entry.type))")
        }
        if let version = elf.apiVersion, version != UInt64(PluginInfo.currentAPIVersion) {
            throw .apiVersionMismatch(
                id: id, expected: PluginInfo.currentAPIVersion, found: Int(truncatingIfNeeded: version))
        }
        _ = dlerror()
        guard let handle = dlopen("/proc/self/fd/\(fd)", RTLD_NOW | RTLD_LOCAL) else {
            throw .loadFailed(path: path, reason: lastError() ?? "unknown dlopen error")
        }
        loaded = true
        _ = dlerror()
        guard let symbol = dlsym(handle, ExternalPluginABI.entrySymbol) else {
            throw .missingEntryPoint(path: path, symbol: ExternalPluginABI.entrySymbol)
        }
        let entryFunction = unsafeBitCast(symbol, to: ExternalPluginABI.EntryFunction.self)
        guard let table = entryFunction() else {
            throw .missingEntryPoint(path: path, symbol: ExternalPluginABI.entrySymbol)
        }
        return try ExternalPluginFunctions(table: table, id: id)
    }

    /// Maps the open file read-only and reads its ELF header and dynamic symbols.
    static func inspect(fd: Int32, size: Int, path: String) throws(ExternalPluginError) -> ExternalPluginELF {
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw .unreadable(path: path, reason: "cannot map it: " + String(cString: strerror(errno)))
        }
        defer { munmap(base, size) }
        return try ExternalPluginELF(bytes: UnsafeRawBufferPointer(start: base, count: size), path: path)
    }

    private static func lastError() -> String? {
        guard let message = dlerror() else { return nil }
        return String(cString: message)
    }
}
