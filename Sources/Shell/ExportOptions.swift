/// A chart file format the export dialog offers.
public enum ExportFormat: String, Sendable, Codable, CaseIterable {
    case png, pdf, svg

    /// The format a file name's extension names, if any (`chart.PDF` → `.pdf`).
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        self.init(rawValue: fileName[fileName.index(after: dot)...].lowercased())
    }
}

/// What the user chose in an export dialog besides the destination.
public struct ExportOptions: Sendable, Equatable {
    public var format: ExportFormat
    /// Size in pixels for PNG (points for PDF and SVG).
    public var width: Double
    public var height: Double

    public init(format: ExportFormat = .png, width: Double = 1200, height: Double = 750) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// The sizes the dialog offers, as `WIDTHxHEIGHT` choice ids.
    public static let sizeChoices: [(id: String, label: String, width: Double, height: Double)] = [
        ("800x500", "800 × 500", 800, 500),
        ("1200x750", "1200 × 750", 1200, 750),
        ("1600x1000", "1600 × 1000", 1600, 1000),
        ("2400x1500", "2400 × 1500", 2400, 1500),
    ]
}
