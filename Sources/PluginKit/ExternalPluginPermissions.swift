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

    /// Checks `path` and every folder above it, after resolving symbolic links (as `dlopen` would).
    ///
    /// A safe plugin folder is not enough when a link in it points into a folder anyone may write to,
    /// or when a folder higher up lets another user swap a whole subtree. A world- or group-writable
    /// folder with the sticky bit (`/tmp`) is accepted when root or you own it: there, other users
    /// cannot rename or remove entries they do not own, and the entries below are checked in turn.
    /// - Returns: the resolved path (load this one, not `path`).
    /// - Throws: `.unsafePermissions` naming the first unsafe folder or file, `.unreadable`.
    @discardableResult
    public func checkChain(_ path: String) throws(ExternalPluginError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        let real = String(cString: resolved)
        free(resolved)
        var prefix = ""
        let parts = real.split(separator: "/").map(String.init)
        var chain = ["/"]
        for part in parts {
            prefix += "/" + part
            chain.append(prefix)
        }
        for (i, component) in chain.enumerated() {
            var info = stat()
            guard stat(component, &info) == 0 else {
                throw .unreadable(path: component, reason: String(cString: strerror(errno)))
            }
            let mode = UInt32(info.st_mode)
            let isLast = i == chain.count - 1
            let sticky = mode & UInt32(S_ISVTX) != 0 && (mode & UInt32(S_IFMT)) == UInt32(S_IFDIR)
            if !isLast, sticky, info.st_uid == 0 || info.st_uid == userID { continue }
            if let reason = problem(mode: mode, owner: info.st_uid, group: info.st_gid) {
                throw .unsafePermissions(path: component == real && path != real ? path : component, reason: reason)
            }
        }
        return real
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
