import Foundation

/// Sums a download's events into what a progress bar shows: the fraction of all bytes, the rate and a
/// line of text. Fed on the main thread with the events the download reports.
public struct DownloadTally: Sendable {
    public private(set) var total: Int64 = 0
    private var finished: Int64 = 0
    private var current: (name: String, bytes: Int64)?
    private var sample: (time: Date, done: Int64)?
    /// Bytes per second, smoothed over the last few progress reports.
    public private(set) var rate: Double = 0
    /// A retry or a wait for another download's lock, shown instead of the byte counts.
    public private(set) var note: String?

    public init() {}

    public mutating func apply(_ event: DownloadEvent, now: Date = Date()) {
        switch event {
        case .planned(let files):
            total = FileSelection.totalSize(files)
        case .progress(let name, let bytes, _):
            if let previous = current, previous.name == name, bytes < previous.bytes { sample = nil }
            current = (name, bytes)
            note = nil
            measure(now)
        case .fileDone(_, let size, let transferred):
            finished += size
            current = nil
            if !transferred, let s = sample { sample = (s.time, s.done + size) }  // cached: not a transfer
        case .retrying(let name, _, let delay, let reason):
            note = "\(name): \(reason), retrying in \(Int(delay.rounded())) s"
            sample = nil
        case .waitingForLock(let name):
            note = "\(name): waiting for another download of the same file"
            sample = nil
        }
    }

    private mutating func measure(_ now: Date) {
        guard let s = sample else {
            sample = (now, done)
            return
        }
        let seconds = now.timeIntervalSince(s.time)
        guard seconds >= 0.25 else { return }
        let instant = Double(max(0, done - s.done)) / seconds
        rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant
        sample = (now, done)
    }

    /// Bytes of the whole download on disk.
    public var done: Int64 { finished + (current?.bytes ?? 0) }

    public var fraction: Double { total > 0 ? min(1, Double(done) / Double(total)) : 0 }

    /// `model.safetensors — 120 MB of 548 MB, 12.3 MB/s, 0:35 left`.
    public var text: String {
        if let note { return note }
        var text = (current?.name).map { "\($0) — " } ?? ""
        text += "\(ByteCount.format(done)) of \(ByteCount.format(total))"
        if rate > 0 {
            text += ", \(ByteCount.rate(rate))"
            if let left = ByteCount.duration(Double(max(0, total - done)) / rate) { text += ", \(left) left" }
        }
        return text
    }
}
