import CGtk

/// Holds a Swift closure as a C callback's user data.
///
/// `g_signal_connect` and `G_CALLBACK` are macros Swift cannot import, and bit-casting a Swift closure to
/// `GCallback` crashes, so each signal shape has one explicitly typed `@convention(c)` trampoline below
/// that takes the box back out of `user_data`. GLib's destroy notify releases the box.
final class ClosureBox<Fn> {
    let fn: Fn
    init(_ fn: Fn) { self.fn = fn }

    /// A +1 reference for C; balanced by `releaseClosureBox`.
    static func retained(_ fn: Fn) -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(ClosureBox(fn)).toOpaque()
    }

    /// The closure behind `user_data`, passed as its bit pattern so it may cross into `GTKThread.enter`.
    static func take(_ bits: UInt) -> Fn? {
        guard let data = UnsafeMutableRawPointer(bitPattern: bits) else { return nil }
        return Unmanaged<ClosureBox<Fn>>.fromOpaque(data).takeUnretainedValue().fn
    }
}

private func releaseClosureBox(_ data: gpointer?, _ closure: UnsafeMutablePointer<GClosure>?) {
    guard let data else { return }
    Unmanaged<AnyObject>.fromOpaque(data).release()
}

/// Releases a box handed to a GLib source or draw function (`GDestroyNotify`).
func releaseBox(_ data: gpointer?) {
    guard let data else { return }
    Unmanaged<AnyObject>.fromOpaque(data).release()
}

typealias VoidHandler = @MainActor () -> Void
typealias BoolHandler = @MainActor () -> Bool
typealias PointHandler = @MainActor (Double, Double) -> Void
typealias KeyHandler = @MainActor (UInt32, GdkModifierType) -> Bool
typealias ValueHandler = @MainActor (UnsafePointer<GValue>) -> Bool
typealias IntHandler = @MainActor (Int32) -> Void
typealias SizeHandler = @MainActor (Int, Int) -> Void
typealias PrepareHandler = @MainActor () -> UnsafeMutableRawPointer?
typealias EventHandler = @MainActor (GdkEventType) -> Bool
typealias ObjectHandler = @MainActor (UnsafeMutableRawPointer) -> Void

// Trampolines: GLib calls them on the main thread, so main-actor isolation holds.
private func voidTrampoline(_ instance: gpointer?, _ data: gpointer?) {
    let bits = UInt(bitPattern: data)
    GTKThread.enter { ClosureBox<VoidHandler>.take(bits)?() }
}

private func void3Trampoline(_ instance: gpointer?, _ extra: gpointer?, _ data: gpointer?) {
    let bits = UInt(bitPattern: data)
    GTKThread.enter { ClosureBox<VoidHandler>.take(bits)?() }
}

private func boolTrampoline(_ instance: gpointer?, _ data: gpointer?) -> gboolean {
    let bits = UInt(bitPattern: data)
    return GTKThread.enter { (ClosureBox<BoolHandler>.take(bits)?() ?? false) ? 1 : 0 }
}

private func pointTrampoline(_ instance: gpointer?, _ x: Double, _ y: Double, _ data: gpointer?) {
    let bits = UInt(bitPattern: data)
    GTKThread.enter { ClosureBox<PointHandler>.take(bits)?(x, y) }
}

private func pressTrampoline(
    _ instance: gpointer?, _ count: Int32, _ x: Double, _ y: Double, _ data: gpointer?
) {
    let bits = UInt(bitPattern: data)
    GTKThread.enter { ClosureBox<PointHandler>.take(bits)?(x, y) }
}

private func keyTrampoline(
    _ instance: gpointer?, _ keyval: guint, _ keycode: guint, _ state: GdkModifierType, _ data: gpointer?
) -> gboolean {
    let bits = UInt(bitPattern: data)
    return GTKThread.enter { (ClosureBox<KeyHandler>.take(bits)?(keyval, state) ?? false) ? 1 : 0 }
}

private func dropTrampoline(
    _ instance: gpointer?, _ value: UnsafePointer<GValue>?, _ x: Double, _ y: Double, _ data: gpointer?
) -> gboolean {
    let bits = UInt(bitPattern: data)
    guard let valueBits = value.map({ UInt(bitPattern: $0) }) else { return 0 }
    return GTKThread.enter {
        guard let value = UnsafePointer<GValue>(bitPattern: valueBits) else { return 0 }
        return (ClosureBox<ValueHandler>.take(bits)?(value) ?? false) ? 1 : 0
    }
}

private func sizeTrampoline(_ instance: gpointer?, _ width: Int32, _ height: Int32, _ data: gpointer?) {
    let bits = UInt(bitPattern: data)
    GTKThread.enter { ClosureBox<SizeHandler>.take(bits)?(Int(width), Int(height)) }
}

private func intTrampoline(_ instance: gpointer?, _ response: Int32, _ data: gpointer?) {
    let bits = UInt(bitPattern: data)
    GTKThread.enter { ClosureBox<IntHandler>.take(bits)?(response) }
}

private func prepareTrampoline(_ instance: gpointer?, _ x: Double, _ y: Double, _ data: gpointer?)
    -> gpointer?
{
    let bits = UInt(bitPattern: data)
    let result = GTKThread.enter {
        ClosureBox<PrepareHandler>.take(bits)?().map { UInt(bitPattern: $0) }
    }
    return result.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
}

private func objectTrampoline(_ instance: gpointer?, _ object: gpointer?, _ data: gpointer?) {
    let bits = UInt(bitPattern: data)
    guard let objectBits = object.map({ UInt(bitPattern: $0) }) else { return }
    GTKThread.enter {
        guard let object = UnsafeMutableRawPointer(bitPattern: objectBits) else { return }
        ClosureBox<ObjectHandler>.take(bits)?(object)
    }
}

private func eventTrampoline(_ instance: gpointer?, _ event: OpaquePointer?, _ data: gpointer?) -> gboolean {
    let bits = UInt(bitPattern: data)
    guard let event else { return 0 }
    let type = gdk_event_get_event_type(event)
    return GTKThread.enter { (ClosureBox<EventHandler>.take(bits)?(type) ?? false) ? 1 : 0 }
}

/// Typed wrappers around `g_signal_connect_data`, one per signal shape.
enum Signal {
    private static func connect(
        _ instance: some GPointer, _ name: String, _ callback: GCallback,
        _ box: UnsafeMutableRawPointer
    ) {
        let notify: GClosureNotify = releaseClosureBox
        g_signal_connect_data(instance.gRaw, name, callback, box, notify, GConnectFlags(0))
    }

    /// `(instance, user_data)`: clicked, activate, toggled, value-changed, changed, map.
    static func onVoid(_ instance: some GPointer, _ name: String, _ handler: @escaping VoidHandler) {
        let fn: @convention(c) (gpointer?, gpointer?) -> Void = voidTrampoline
        connect(
            instance, name, unsafeBitCast(fn, to: GCallback.self), ClosureBox<VoidHandler>.retained(handler))
    }

    /// `(instance, arg, user_data)`: notify::prop, GSimpleAction activate.
    static func onVoid3(_ instance: some GPointer, _ name: String, _ handler: @escaping VoidHandler) {
        let fn: @convention(c) (gpointer?, gpointer?, gpointer?) -> Void = void3Trampoline
        connect(
            instance, name, unsafeBitCast(fn, to: GCallback.self), ClosureBox<VoidHandler>.retained(handler))
    }

    /// `(instance, user_data) -> gboolean`: close-request.
    static func onBool(_ instance: some GPointer, _ name: String, _ handler: @escaping BoolHandler) {
        let fn: @convention(c) (gpointer?, gpointer?) -> gboolean = boolTrampoline
        connect(
            instance, name, unsafeBitCast(fn, to: GCallback.self), ClosureBox<BoolHandler>.retained(handler))
    }

    /// `(gesture, x, y, user_data)`: drag-begin, drag-update, drag-end (offsets for the last two).
    static func onPoint(_ instance: some GPointer, _ name: String, _ handler: @escaping PointHandler) {
        let fn: @convention(c) (gpointer?, Double, Double, gpointer?) -> Void = pointTrampoline
        connect(
            instance, name, unsafeBitCast(fn, to: GCallback.self), ClosureBox<PointHandler>.retained(handler))
    }

    /// `(gesture, n_press, x, y, user_data)`: GtkGestureClick pressed.
    static func onPress(_ instance: some GPointer, _ name: String, _ handler: @escaping PointHandler) {
        let fn: @convention(c) (gpointer?, Int32, Double, Double, gpointer?) -> Void = pressTrampoline
        connect(
            instance, name, unsafeBitCast(fn, to: GCallback.self), ClosureBox<PointHandler>.retained(handler))
    }

    /// `(controller, keyval, keycode, state, user_data) -> gboolean`: key-pressed.
    static func onKey(_ instance: some GPointer, _ handler: @escaping KeyHandler) {
        let fn: @convention(c) (gpointer?, guint, guint, GdkModifierType, gpointer?) -> gboolean =
            keyTrampoline
        connect(
            instance, "key-pressed", unsafeBitCast(fn, to: GCallback.self),
            ClosureBox<KeyHandler>.retained(handler))
    }

    /// `(target, value, x, y, user_data) -> gboolean`: GtkDropTarget drop.
    static func onDrop(_ instance: some GPointer, _ handler: @escaping ValueHandler) {
        let fn: @convention(c) (gpointer?, UnsafePointer<GValue>?, Double, Double, gpointer?) -> gboolean =
            dropTrampoline
        connect(
            instance, "drop", unsafeBitCast(fn, to: GCallback.self),
            ClosureBox<ValueHandler>.retained(handler))
    }

    /// `(source, x, y, user_data) -> GdkContentProvider *`: GtkDragSource prepare (nil: no drag).
    static func onPrepare(_ instance: some GPointer, _ handler: @escaping PrepareHandler) {
        let fn: @convention(c) (gpointer?, Double, Double, gpointer?) -> gpointer? = prepareTrampoline
        connect(
            instance, "prepare", unsafeBitCast(fn, to: GCallback.self),
            ClosureBox<PrepareHandler>.retained(handler))
    }

    /// `(controller, event, user_data) -> gboolean`: GtkEventControllerLegacy event (true stops it).
    static func onEvent(_ instance: some GPointer, _ handler: @escaping EventHandler) {
        let fn: @convention(c) (gpointer?, OpaquePointer?, gpointer?) -> gboolean = eventTrampoline
        connect(
            instance, "event", unsafeBitCast(fn, to: GCallback.self),
            ClosureBox<EventHandler>.retained(handler))
    }

    /// `(instance, object, user_data)`: GtkSignalListItemFactory setup and bind (the GtkListItem).
    static func onObject(_ instance: some GPointer, _ name: String, _ handler: @escaping ObjectHandler) {
        let fn: @convention(c) (gpointer?, gpointer?, gpointer?) -> Void = objectTrampoline
        connect(
            instance, name, unsafeBitCast(fn, to: GCallback.self),
            ClosureBox<ObjectHandler>.retained(handler))
    }

    /// `(area, width, height, user_data)`: GtkDrawingArea resize.
    static func onSize(_ instance: some GPointer, _ name: String, _ handler: @escaping SizeHandler) {
        let fn: @convention(c) (gpointer?, Int32, Int32, gpointer?) -> Void = sizeTrampoline
        connect(
            instance, name, unsafeBitCast(fn, to: GCallback.self), ClosureBox<SizeHandler>.retained(handler))
    }

    /// `(dialog, response, user_data)`: GtkNativeDialog / GtkDialog response.
    static func onResponse(_ instance: some GPointer, _ handler: @escaping IntHandler) {
        let fn: @convention(c) (gpointer?, Int32, gpointer?) -> Void = intTrampoline
        connect(
            instance, "response", unsafeBitCast(fn, to: GCallback.self),
            ClosureBox<IntHandler>.retained(handler))
    }
}
