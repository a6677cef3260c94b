import Analysis
import Charts
import Foundation

/// A plugin loaded from a shared library, seen by the app as any other `VisualizationPlugin`.
///
/// It wraps the library's C function table (`ExternalPluginABI`): snapshots go in as JSON, drawing happens
/// on the app's `cairo_t`. The first failure (create, update or draw) disables it for good, and every later
/// `draw` throws `.disabled` with the first reason, so a broken plugin costs one message, not a crash loop.
/// A plugin that crashes the process (a segfault) cannot be caught in-process.
public final class ExternalPlugin: VisualizationPlugin {
    public let metadata: PluginMetadata
    /// The library file the code came from.
    public let libraryPath: String
    public var info: PluginInfo { metadata.info }
    /// The first error, once the plugin is disabled.
    public private(set) var failure: ExternalPluginError?
    public var isDisabled: Bool { failure != nil }

    /// The library's function table.
    public let functions: ExternalPluginFunctions
    private var state: UnsafeMutableRawPointer?
    private weak var host: (any PluginHost)?

    /// Wraps an opened library's functions and creates the plugin's state.
    /// - Throws: `.createFailed` when the plugin's `create` returns NULL.
    public init(metadata: PluginMetadata, libraryPath: String, functions: ExternalPluginFunctions)
        throws(ExternalPluginError)
    {
        self.metadata = metadata
        self.libraryPath = libraryPath
        self.functions = functions
        guard let state = functions.create() else { throw .createFailed(id: metadata.id) }
        self.state = state
    }

    /// On the main actor, as every other call into the plugin.
    isolated deinit {
        if let state { functions.destroy(state) }
    }

    public func activate(host: any PluginHost) {
        self.host = host
    }

    public func update(_ snapshot: SessionSnapshot) {
        update(payload: PluginSnapshotPayload(snapshot: snapshot))
    }

    /// Sends a payload to the plugin (what `update(_:)` does after converting the snapshot).
    /// A failure disables the plugin; the next `draw` reports it.
    public func update(payload: PluginSnapshotPayload) {
        guard failure == nil, let state else { return }
        let json: Data
        do {
            json = try payload.encoded()
        } catch {
            disable(.updateFailed(id: metadata.id, message: "the snapshot could not be encoded: \(error)"))
            return
        }
        let (code, message) = withMessageBuffer { buffer, capacity in
            json.withUnsafeBytes { raw in
                functions.update(
                    state, raw.baseAddress?.assumingMemoryBound(to: CChar.self), UInt64(raw.count), buffer,
                    capacity)
            }
        }
        if code != 0 {
            disable(.updateFailed(id: metadata.id, message: message ?? "error code \(code)"))
        }
        host?.requestRedraw(self)
    }

    public func draw(_ canvas: Canvas, size: Size) throws {
        if let failure { throw Self.disabledError(for: failure, id: metadata.id) }
        guard let state else {
            // Deactivated: its code is no longer called; show the empty state like any plugin.
            PluginChrome.drawEmpty(metadata.title, canvas: canvas, size: size, theme: PluginChrome.theme(host))
            return
        }
        let dark = isDark(host?.settings.theme ?? .light)
        let (code, message) = withMessageBuffer { buffer, capacity in
            canvas.withSavedState {
                functions.draw(state, canvas.cairo, size.width, size.height, dark ? 1 : 0, buffer, capacity)
            }
        }
        if code != 0 {
            let error = ExternalPluginError.drawFailed(
                id: metadata.id, message: message ?? "error code \(code)")
            disable(error)
            throw error
        }
        if let status = canvas.errorStatus {
            let error = ExternalPluginError.drawFailed(id: metadata.id, message: "Cairo reports \(status)")
            disable(error)
            throw error
        }
    }

    public func deactivate() {
        if let state { functions.destroy(state) }
        state = nil
    }

    private func disable(_ error: ExternalPluginError) {
        if failure == nil { failure = error }
    }

    /// The error `draw` throws for a plugin disabled by `failure`. An update failure (which `update`
    /// cannot throw) surfaces as-is, so the host shows the real cause; a draw failure was already thrown
    /// once as `.drawFailed`, so later draws say `.disabled`.
    private static func disabledError(for failure: ExternalPluginError, id: String) -> ExternalPluginError {
        if case .updateFailed = failure { return failure }
        return .disabled(id: id, reason: failure.description)
    }

    private func isDark(_ theme: Theme) -> Bool {
        let c = theme.background
        return 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue < 0.5
    }

    /// Calls `body` with a zeroed message buffer; returns its code and the message, if any was written.
    private func withMessageBuffer(
        _ body: (UnsafeMutablePointer<CChar>, UInt64) -> Int32
    ) -> (Int32, String?) {
        let capacity = ExternalPluginABI.messageCapacity
        var buffer = [CChar](repeating: 0, count: capacity)
        let code = buffer.withUnsafeMutableBufferPointer { p -> Int32 in
            guard let base = p.baseAddress else { return -1 }
            return body(base, UInt64(capacity - 1))
        }
        buffer[capacity - 1] = 0
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let message = bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        return (code, message)
    }
}
