import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Refuses plugin folders and files that another user could write to.
///
/// Loading a library runs its code with the user's rights, so a folder or file anyone else may replace is
/// never loaded: not world-writable, not owned by another user (only you or root), and not group-writable
/// unless the group is your own primary group (Debian's private user groups).
public struct ExternalPluginPermissions: Sendable {
    /// The user whose plugins these are (normally `getuid()`).
    public var userID: UInt32
    /// That user's primary group (normally `getgid()`).
    public var groupID: UInt32

    public init(userID: UInt32 = getuid(), groupID: UInt32 = getgid()) {
        self.userID = userID
        self.groupID = groupID
    }

    /// Checks one path (folder or file); symbolic links are followed, as `dlopen` would.
    /// - Throws: `ExternalPluginError.unsafePermissions` saying which bit or owner is the problem,
    ///   `.unreadable` when `stat` fails.
    public func check(_ path: String) throws(ExternalPluginError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if let reason = problem(mode: UInt32(info.st_mode), owner: info.st_uid, group: info.st_gid) {
            throw .unsafePermissions(path: path, reason: reason)
        }
    }

    /// Why a file with these bits and owner is unsafe, or nil when it is safe.
    public func problem(mode: UInt32, owner: UInt32, group: UInt32) -> String? {
        let octal = String(mode & 0o7777, radix: 8)
        if mode & UInt32(S_IWOTH) != 0 {
            return "it is writable by every user (mode \(octal))"
        }
        if owner != userID && owner != 0 {
            return "it is owned by user id \(owner), not by you (\(userID)) or root"
        }
        if mode & UInt32(S_IWGRP) != 0 && group != groupID && !(owner == 0 && group == 0) {
            return "it is writable by group id \(group), which other users may belong to (mode \(octal))"
        }
        return nil
    }
}
