import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole file mapped read-only into memory; tensors borrow its bytes without copying.
///
/// The mapping lives as long as this object, so every `FloatStorage` that borrows from it keeps it
/// alive (`owner:`). Immutable after construction and therefore safe to share.
public final class MappedFile: @unchecked Sendable {
    /// The file's path (for messages).
    public let path: String
    /// The file's bytes; `count` is the file size.
    public let bytes: UnsafeRawBufferPointer
    /// Who owns `bytes`: a mapping to unmap, or a heap copy to free.
    private enum Storage {
        case empty, mapped(UnsafeMutableRawPointer), heap(UnsafeMutableRawPointer)
    }
    private let storage: Storage

    /// Maps the file at `url`.
    /// - Throws: `ModelFilesError.unreadable` when it cannot be opened or mapped, `.notRegularFile`.
    public init(url: URL) throws {
        path = url.path
        // O_NONBLOCK + fstat first: a FIFO would otherwise block `open` forever.
        let (fd, size) = try RegularFile.open(url.path)
        defer { close(fd) }
        if size == 0 {
            storage = .empty
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw ModelFilesError.unreadable(path: url.path, reason: "cannot map it: " + Self.errnoText())
        }
        storage = .mapped(base)
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    /// A heap copy of `contents` standing in for a file named `path`: the fuzz harness parses its inputs
    /// this way (no file I/O per input, and AddressSanitizer catches a read one byte past the end,
    /// which a page-rounded mapping hides).
    init(copying contents: UnsafeRawBufferPointer, path: String) {
        self.path = path
        guard contents.count > 0, let source = contents.baseAddress else {
            storage = .empty
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let copy = UnsafeMutableRawPointer.allocate(byteCount: contents.count, alignment: 64)
        copy.copyMemory(from: source, byteCount: contents.count)
        storage = .heap(copy)
        bytes = UnsafeRawBufferPointer(start: copy, count: contents.count)
    }

    deinit {
        switch storage {
        case .empty: break
        case .mapped(let base): munmap(base, bytes.count)
        case .heap(let base): base.deallocate()
        }
    }

    /// File size in bytes.
    public var count: Int { bytes.count }

    /// Lets the kernel drop the pages read so far (they are re-read from the file if touched again).
    ///
    /// A quantized GGUF is read once, to dequantize it; keeping its ~100 MB of pages resident
    /// afterwards only adds to the process's memory.
    public func releaseResidentPages() {
        guard case .mapped = storage, let base = bytes.baseAddress, count > 0 else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_DONTNEED)
    }

    /// The file's name without folders (for error messages).
    public var name: String { (path as NSString).lastPathComponent }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
