import Foundation

/// Byte counts and rates as people read them (decimal units, as the Hub's web pages show sizes).
public enum ByteCount {
    /// `538 MB`, `1.2 GB`, `840 kB`, `12 B`.
    public static func format(_ bytes: Int64) -> String {
        let units: [(Double, String)] = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        let value = Double(bytes)
        for (scale, unit) in units where value >= scale {
            let scaled = value / scale
            return scaled < 10 ? "\(rounded(scaled, 1)) \(unit)" : "\(Int(scaled.rounded())) \(unit)"
        }
        return "\(bytes) B"
    }

    /// `12.3 MB/s`.
    public static func rate(_ bytesPerSecond: Double) -> String {
        format(Int64(max(0, bytesPerSecond))) + "/s"
    }

    /// `1:05` or `12 s`; nil when unknown.
    public static func duration(_ seconds: Double) -> String? {
        guard seconds.isFinite, seconds >= 0 else { return nil }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60):\(String(format: "%02d", s % 60))" }
        return "\(s / 3600) h \(String(format: "%02d", (s % 3600) / 60)) min"
    }

    private static func rounded(_ value: Double, _ digits: Int) -> String {
        let text = String(format: "%.\(digits)f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
