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
    /// When each colour was last shown (the count of `assign` calls then), for reusing the idlest.
    private var lastShown: [Int: Int] = [:]
    private var assignments = 0
    private var identity: String?

    public init() {}

    /// Starts over when `identity` (prompt, model and query position) differs from the last one.
    public mutating func begin(_ identity: String) {
        guard identity != self.identity else { return }
        self.identity = identity
        slots = [:]
        lastShown = [:]
        assignments = 0
    }

    /// Makes sure the tokens shown together (`ids`, at most ten) have different colours: each keeps
    /// the colour it had, unless a token shown with it had that colour first. A new token gets a
    /// colour no token of this analysis has had yet; only when all ten were taken, the one not shown
    /// for longest (so a colour moves to another token only when more than ten came and went).
    public mutating func assign(_ ids: [Int]) {
        assignments += 1
        var used = Set<Int>()
        var needing: [Int] = []
        for id in ids {
            if let slot = slots[id], !used.contains(slot) {
                used.insert(slot)
            } else {
                needing.append(id)
            }
        }
        let palette = 0..<Self.light.count
        for id in needing {
            let held = Set(slots.values)
            let free =
                palette.first { !used.contains($0) && !held.contains($0) }
                ?? palette.filter { !used.contains($0) }.min { lastShown[$0, default: 0] < lastShown[$1, default: 0] }
                ?? 0
            slots[id] = free
            used.insert(free)
        }
        for slot in used { lastShown[slot] = assignments }
    }

    /// The colour of token `id` in `theme` (assign it first; an unknown id gets the text colour).
    public func color(of id: Int, theme: Theme) -> Color {
        guard let slot = slots[id] else { return theme.foreground }
        let palette = theme.background.luminance < 0.5 ? Self.dark : Self.light
        return palette[slot % palette.count]
    }
}
