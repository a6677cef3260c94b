import Foundation
import Hub

/// The download progress bar on a terminal's stderr: one line per file, redrawn in place.
///
/// `  model.safetensors  [#########-----------]  120 MB / 548 MB  12.3 MB/s  0:35 left`
final class ProgressLine: @unchecked Sendable {
    private var current: String?
    private var started = Date()
    private var startBytes: Int64 = 0
    private var lastDraw = Date.distantPast

    func handle(_ event: DownloadEvent) {
        switch event {
        case .planned(let files):
            let total = files.reduce(Int64(0)) { $0 + ($1.size ?? 0) }
            write("\(files.count) file\(files.count == 1 ? "" : "s"), \(ByteCount.format(total))\n")
        case .progress(let name, let bytes, let total):
            if current != name {
                current = name
                started = Date()
                startBytes = bytes
            }
            guard Date().timeIntervalSince(lastDraw) > 0.1 || bytes == total else { return }
            lastDraw = Date()
            write(
                "\r\u{1B}[K"
                    + Self.line(
                        name: name, bytes: bytes - startBytes, done: bytes, total: total,
                        seconds: Date().timeIntervalSince(started)))
        case .fileDone(let name, let size, let transferred):
            write("\r\u{1B}[K  \(name)  \(ByteCount.format(size))  \(transferred ? "done" : "cached")\n")
            current = nil
        case .retrying(let name, let attempt, let delay, let reason):
            write(
                "\r\u{1B}[K  \(name): \(reason); retrying in \(Int(delay.rounded())) s (attempt \(attempt))\n"
            )
        case .waitingForLock(let name):
            write("\r\u{1B}[K  \(name): another download is fetching it; waiting\n")
        }
    }

    func finish() {
        if current != nil { write("\n") }
        current = nil
    }

    /// One progress line; `bytes` is what arrived in this run (for the rate), `done` the file's total so far.
    static func line(name: String, bytes: Int64, done: Int64, total: Int64?, seconds: Double) -> String {
        let rate = seconds > 0.2 ? Double(bytes) / seconds : 0
        var text = "  \(name)  "
        if let total, total > 0 {
            let width = 20
            let filled = Int(Double(width) * min(1, Double(done) / Double(total)))
            text +=
                "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                + "]  "
            text += "\(ByteCount.format(done)) / \(ByteCount.format(total))"
        } else {
            text += ByteCount.format(done)
        }
        if rate > 0 { text += "  \(ByteCount.rate(rate))" }
        if rate > 0, let total, let left = ByteCount.duration(Double(max(0, total - done)) / rate) {
            text += "  \(left) left"
        }
        return text
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
