import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opening files that may be hostile: anything but a regular file is refused before a read can block.
///
/// `open()` on a FIFO blocks until a writer appears, so every model, index, config and tokenizer file is
/// opened with `O_NONBLOCK` (which returns at once for a FIFO and changes nothing for a regular file),
/// checked with `fstat`, and only then read or mapped.
public enum RegularFile {
    /// Largest JSON or text side file read whole by default: 64 MiB (the largest real tokenizer.json,
    /// Gemma 3's, is 33 MB; configs and shard indexes are kilobytes). Parsed JSON takes several times its
    /// size in memory, so this also bounds what a parser can be made to allocate.
    public static let sideFileLimit = 64 << 20
    /// Largest `config.json` or `model.safetensors.index.json`: 8 MiB.
    public static let configLimit = 8 << 20

    /// Opens `path` read-only and returns its descriptor and size; the caller closes the descriptor.
    /// - Throws: `ModelFilesError.unreadable` when it cannot be opened, `.notRegularFile` for a FIFO,
    ///   device, socket or folder.
    public static func open(_ path: String) throws(ModelFilesError) -> (fd: Int32, size: Int) {
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)) + " — check the path")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .unreadable(path: path, reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .notRegularFile(path: path, kind: kindName(mode: info.st_mode))
        }
        return (fd, Int(info.st_size))
    }

    /// The whole file at `url`, when it is a regular file of at most `limit` bytes.
    /// - Throws: `.notRegularFile`, `.fileTooLarge`, `.unreadable`.
    public static func read(_ url: URL, limit: Int = sideFileLimit) throws(ModelFilesError) -> Data {
        let (fd, size) = try open(url.path)
        defer { close(fd) }
        guard size <= limit else { throw .fileTooLarge(path: url.path, size: size, limit: limit) }
        var data = Data(count: size)
        var done = 0
        let failure: String? = data.withUnsafeMutableBytes { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            while done < size {
                let n = Glibc.read(fd, base + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                if n == 0 { break }
                done += n
            }
            return nil
        }
        if let failure { throw .unreadable(path: url.path, reason: failure) }
        return done == size ? data : data.prefix(done)
    }

    /// "a FIFO", "a folder" … for messages.
    static func kindName(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFDIR: "a folder"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}
