/// Colours and type sizes shared by every chart, in a light and a dark variant.
public struct Theme: Sendable, Equatable {
    public var background: Color
    public var foreground: Color
    /// Secondary text: tick labels, legend text.
    public var mutedForeground: Color
    public var grid: Color
    public var axis: Color
    public var accent: Color
    public var selectionFill: Color
    public var selectionStroke: Color
    /// Outline colour for highlighted cells, points and bars.
    public var highlight: Color
    public var series: [Color]
    public var sequential: ColorMap
    public var diverging: ColorMap
    public var fontFamily: String
    /// Tick labels and legend text.
    public var fontSize: Double
    public var titleSize: Double

    /// The qualitative colour for series or category `index`, cycling through the palette.
    public func seriesColor(_ index: Int) -> Color {
        guard !series.isEmpty else { return foreground }
        return series[((index % series.count) + series.count) % series.count]
    }

    public var tickStyle: TextStyle { TextStyle(size: fontSize, color: mutedForeground) }
    public var labelStyle: TextStyle { TextStyle(size: fontSize + 1, color: foreground) }
    public var titleStyle: TextStyle { TextStyle(size: titleSize, bold: true, color: foreground) }

    public static let light = Theme(
        background: Color(hex: 0xFFFFFF), foreground: Color(hex: 0x1A1A1A),
        mutedForeground: Color(hex: 0x4D4D4D), grid: Color(hex: 0xE6E6E6), axis: Color(hex: 0x666666),
        accent: Color(hex: 0x0072B2), selectionFill: Color(hex: 0x0072B2, alpha: 0.14),
        selectionStroke: Color(hex: 0x0072B2, alpha: 0.7), highlight: Color(hex: 0xD55E00),
        series: Palette.okabeIto, sequential: .viridis, diverging: .blueRed,
        fontFamily: "DejaVu Sans", fontSize: 10, titleSize: 13)

    public static let dark = Theme(
        background: Color(hex: 0x1E1E1E), foreground: Color(hex: 0xEDEDED),
        mutedForeground: Color(hex: 0xBDBDBD), grid: Color(hex: 0x3A3A3A), axis: Color(hex: 0x9A9A9A),
        accent: Color(hex: 0x66CCEE), selectionFill: Color(hex: 0x66CCEE, alpha: 0.18),
        selectionStroke: Color(hex: 0x66CCEE, alpha: 0.8), highlight: Color(hex: 0xFFB000),
        series: Palette.tolBright, sequential: .viridis, diverging: .blueRed,
        fontFamily: "DejaVu Sans", fontSize: 10, titleSize: 13)
}
