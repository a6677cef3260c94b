import CEntropyCairo
import Foundation
import TokenGenPluginABI

/// The plugin's one exported symbol: TokenGen finds it with `dlsym` and reads the table it returns.
@_cdecl("tokengen_plugin_entry")
public func tokengenPluginEntry() -> UnsafeRawPointer {
    UnsafeRawPointer(pluginTable)
}

/// The function table; allocated once (Swift globals initialise lazily and thread-safely) and never freed,
/// because TokenGen never unloads a plugin.
nonisolated(unsafe) private let pluginTable: UnsafeMutablePointer<tokengen_plugin_v1> = {
    let table = UnsafeMutablePointer<tokengen_plugin_v1>.allocate(capacity: 1)
    table.initialize(
        to: tokengen_plugin_v1(
            api_version: UInt64(TOKENGEN_PLUGIN_API_VERSION),
            table_size: UInt64(MemoryLayout<tokengen_plugin_v1>.size),
            create: pluginCreate, update: pluginUpdate, draw: pluginDraw, destroy: pluginDestroy))
    return table
}()

/// What the plugin keeps between calls: the latest metrics.
final class EntropyState {
    var payload = EntropyPayload.empty
}

private func pluginCreate() -> UnsafeMutableRawPointer? {
    Unmanaged.passRetained(EntropyState()).toOpaque()
}

private func pluginDestroy(_ state: UnsafeMutableRawPointer?) {
    guard let state else { return }
    Unmanaged<EntropyState>.fromOpaque(state).release()
}

private func pluginUpdate(
    _ state: UnsafeMutableRawPointer?, _ json: UnsafePointer<CChar>?, _ length: UInt64,
    _ message: UnsafeMutablePointer<CChar>?, _ capacity: UInt64
) -> Int32 {
    guard let state, let json else { return report("no state or no snapshot", message, capacity) }
    let data = Data(bytes: json, count: Int(length))
    do {
        Unmanaged<EntropyState>.fromOpaque(state).takeUnretainedValue().payload = try EntropyPayload.decode(
            data)
        return 0
    } catch {
        return report("cannot read the snapshot: \(error)", message, capacity)
    }
}

private func pluginDraw(
    _ state: UnsafeMutableRawPointer?, _ cairo: OpaquePointer?, _ width: Double, _ height: Double,
    _ dark: Int32, _ message: UnsafeMutablePointer<CChar>?, _ capacity: UInt64
) -> Int32 {
    guard let state, let cairo else { return report("no state or no Cairo context", message, capacity) }
    guard width.isFinite, height.isFinite, width > 0, height > 0 else {
        return report("cannot draw into \(width)×\(height)", message, capacity)
    }
    let payload = Unmanaged<EntropyState>.fromOpaque(state).takeUnretainedValue().payload
    EntropyChart(payload: payload, dark: dark != 0).draw(cairo, width: width, height: height)
    return 0
}

/// Writes `text` (cut to `capacity` bytes, NUL-terminated) into the host's buffer; returns 1.
private func report(_ text: String, _ message: UnsafeMutablePointer<CChar>?, _ capacity: UInt64) -> Int32 {
    guard let message, capacity > 0 else { return 1 }
    let bytes = Array(text.utf8.prefix(Int(capacity) - 1))
    for (i, b) in bytes.enumerated() { message[i] = CChar(bitPattern: b) }
    message[bytes.count] = 0
    return 1
}
