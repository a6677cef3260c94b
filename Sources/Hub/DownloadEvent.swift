import Foundation

/// What a download reports while it runs (delivered on the downloading thread).
public enum DownloadEvent: Sendable, Equatable {
    /// The files to fetch, with their announced sizes (nil: unknown), before any transfer.
    case planned(files: [RemoteFile])
    /// A file is complete and verified (`transferred` false when it was already cached).
    case fileDone(name: String, size: Int64, transferred: Bool)
    /// `bytes` of `total` of a file are on disk (`total` nil when unknown).
    case progress(name: String, bytes: Int64, total: Int64?)
    /// A transfer failed and will be tried again after `delay` seconds, resuming.
    case retrying(name: String, attempt: Int, delay: Double, reason: String)
    /// Another process is downloading this blob; waiting for its lock.
    case waitingForLock(name: String)
}

/// Lets another thread stop a download; the partial file stays for a resume.
public final class DownloadCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false

    public init() {}

    public func cancel() {
        lock.lock()
        flag = true
        lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }
}

/// How often and how long to wait before trying a failed transfer again.
public struct RetryPolicy: Sendable {
    /// Transfers per file before giving up (the first one included).
    public var attempts: Int
    /// The wait before the first retry; doubles each time, capped at `maxDelay`.
    public var initialDelay: Double
    public var maxDelay: Double

    public init(attempts: Int = 5, initialDelay: Double = 1, maxDelay: Double = 8) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    func delay(afterAttempt attempt: Int) -> Double {
        min(maxDelay, initialDelay * pow(2, Double(attempt - 1)))
    }
}
