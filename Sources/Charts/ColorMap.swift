/// A continuous colour map: evenly spaced colour stops, linearly interpolated.
///
/// Sequential maps (viridis) encode magnitude such as attention; diverging maps encode a signed
/// quantity around a neutral middle such as a contrast logp(A) − logp(B).
public struct ColorMap: Sendable, Equatable {
    public let name: String
    public let stops: [Color]
    /// Whether the map's middle is a neutral value (draw it symmetric around zero).
    public let isDiverging: Bool

    public init(name: String, stops: [Color], isDiverging: Bool = false) {
        self.name = name
        self.stops = stops.isEmpty ? [Color.black, Color.white] : stops
        self.isDiverging = isDiverging
    }

    /// The colour at `t` ∈ [0, 1]; values outside are clamped, NaN maps to mid grey.
    public func color(at t: Double) -> Color {
        guard t.isFinite else { return Color(hex: 0x808080) }
        let clamped = min(max(t, 0), 1)
        let position = clamped * Double(stops.count - 1)
        let low = min(Int(position), stops.count - 1)
        let high = min(low + 1, stops.count - 1)
        return stops[low].mixed(with: stops[high], position - Double(low))
    }

    /// The colour for `value` within `range` (range is mapped onto 0…1).
    public func color(for value: Double, in range: ClosedRange<Double>) -> Color {
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return color(at: 0.5) }
        return color(at: (value - range.lowerBound) / span)
    }

    /// Perceptually uniform sequential map; #440154 at 0, #FDE725 at 1.
    public static let viridis = ColorMap(name: "viridis", stops: ViridisTable.colors)

    /// Blue–white–red diverging map (ColorBrewer RdBu, reversed so negative is blue).
    public static let blueRed = ColorMap(
        name: "blue-red",
        stops: [
            0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7,
            0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B, 0x67001F,
        ].map { Color(hex: $0) }, isDiverging: true)

    /// Greys from light to dark, for print in one colour.
    public static let greys = ColorMap(name: "greys", stops: [Color(hex: 0xF7F7F7), Color(hex: 0x252525)])
}

/// Qualitative palettes that stay distinguishable with colour-vision deficiencies.
public enum Palette {
    /// Okabe & Ito (2008), reordered so the strongest colours come first; yellow last (weak on white).
    public static let okabeIto: [Color] = [
        0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0xF0E442, 0x000000,
    ].map { Color(hex: $0) }

    /// Paul Tol's "bright" scheme, which also reads well on a dark background.
    public static let tolBright: [Color] = [
        0x4477AA, 0xEE6677, 0x228833, 0xCCBB44, 0x66CCEE, 0xAA3377, 0xBBBBBB,
    ].map { Color(hex: $0) }
}
