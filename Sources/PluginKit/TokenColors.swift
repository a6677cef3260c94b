import Charts

/// One colour per token for a whole analysis: a token keeps the colour it got first while layers
/// stream in, when top-k changes and when it becomes the prediction; only a new prompt, model or
/// query position starts over.
///
/// The palettes have ten colours each that stay apart from each other and from the background in
/// their theme (the themes' own series palettes lose most colours to the contrast filter in dark).
public struct TokenColors: Sendable {
    /// Colours readable on white.
    public static let light: [Color] = [
        0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0x000000, 0x56B4E9, 0x6A3D9A, 0x8C510A, 0x999933, 0x882255,
    ].map { Color(hex: $0) }
    /// Colours readable on the dark theme's near-black.
    public static let dark: [Color] = [
        0x66CCEE, 0xEE6677, 0x88CC55, 0xF0E442, 0xAA77DD, 0xFF9944, 0xEEEEEE, 0x44AA99, 0xDDAACC, 0x7799FF,
    ].map { Color(hex: $0) }

    private var slots: [Int: Int] = [:]
    private var identity: String?

    public init() {}

    /// Starts over when `identity` (prompt, model and query position) differs from the last one.
    public mutating func begin(_ identity: String) {
        guard identity != self.identity else { return }
        self.identity = identity
        slots = [:]
    }

    /// Makes sure the tokens shown together (`ids`, at most ten) have different colours: each keeps
    /// the colour it had, unless a token shown with it had that colour first; a new token gets the
    /// first colour none of the others uses.
    public mutating func assign(_ ids: [Int]) {
        var used = Set<Int>()
        var needing: [Int] = []
        for id in ids {
            if let slot = slots[id], !used.contains(slot) {
                used.insert(slot)
            } else {
                needing.append(id)
            }
        }
        for id in needing {
            let free = (0..<Self.light.count).first { !used.contains($0) } ?? 0
            slots[id] = free
            used.insert(free)
        }
    }

    /// The colour of token `id` in `theme` (assign it first; an unknown id gets the text colour).
    public func color(of id: Int, theme: Theme) -> Color {
        guard let slot = slots[id] else { return theme.foreground }
        let palette = theme.background.luminance < 0.5 ? Self.dark : Self.light
        return palette[slot % palette.count]
    }
}
