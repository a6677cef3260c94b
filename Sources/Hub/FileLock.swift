import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive `flock` on a lock file, the same kind `huggingface_hub`'s `filelock` takes on
/// `.locks/models--ORG--NAME/<etag>.lock`, so TokenGen and Python tools never write one blob at once.
/// The kernel drops the lock if the process dies.
final class FileLock {
    private let fd: Int32

    /// Opens (creating) `url` and blocks until the lock is held; `onWait` is called once if another
    /// process holds it.
    init(_ url: URL, onWait: () -> Void = {}) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw HubError.cacheWrite(path: url.path, reason: String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            onWait()
            while flock(fd, LOCK_EX) != 0 {
                if errno != EINTR {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw HubError.cacheWrite(path: url.path, reason: reason)
                }
            }
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
