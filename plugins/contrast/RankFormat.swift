/// Ranks in at most five characters: 7, 123, 4.5k, 45k, 1.2M.
enum RankFormat {
    static func short(_ rank: Int) -> String {
        switch rank {
        case ..<1000: return "\(rank)"
        case ..<10_000: return String(format: "%.1fk", Double(rank) / 1000)
        case ..<1_000_000: return "\(rank / 1000)k"
        default: return String(format: "%.1fM", Double(rank) / 1_000_000)
        }
    }
}
