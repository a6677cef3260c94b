import CGtk

/// A pointer to a GObject, whichever way Swift imported its C type.
///
/// GTK's `GTK_WINDOW(w)`-style cast macros are not importable, and Swift imports some GTK types as
/// `UnsafeMutablePointer<T>` (GtkWidget, GtkWindow, GtkBox) and others as `OpaquePointer` (GtkLabel,
/// GtkEditable, GtkGesture). Conforming both lets one generic `g(_:)` convert between any two.
protocol GPointer {
    init(gRaw: UnsafeMutableRawPointer)
    var gRaw: UnsafeMutableRawPointer { get }
}

extension UnsafeMutablePointer: GPointer {
    init(gRaw: UnsafeMutableRawPointer) { self = gRaw.assumingMemoryBound(to: Pointee.self) }
    var gRaw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(self) }
}

extension OpaquePointer: GPointer {
    init(gRaw: UnsafeMutableRawPointer) { self.init(gRaw) }
    var gRaw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(self) }
}

extension UnsafeMutableRawPointer: GPointer {
    init(gRaw: UnsafeMutableRawPointer) { self = gRaw }
    var gRaw: UnsafeMutableRawPointer { self }
}

/// Converts a GObject pointer to the pointer type the called C function expects (the C cast macros).
@inline(__always)
func g<To: GPointer, From: GPointer>(_ pointer: From) -> To {
    To(gRaw: pointer.gRaw)
}

/// Runs `body` with a NULL-terminated C array of C strings (`const char * const *`).
func withCStringArray<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> R) -> R
{
    let array = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: strings.count + 1)
    var duplicates: [UnsafeMutablePointer<CChar>?] = []
    for (index, string) in strings.enumerated() {
        let copy = strdup(string)
        duplicates.append(copy)
        array[index] = copy.map { UnsafePointer($0) }
    }
    array[strings.count] = nil
    defer {
        duplicates.forEach { free($0) }
        array.deallocate()
    }
    return body(array)
}
