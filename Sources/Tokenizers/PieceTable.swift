/// Vocabulary lookup by exact bytes.
///
/// A Swift `String` key compares canonically equivalent text as equal ("e\u{301}" == "é"), but a
/// SentencePiece vocabulary may hold both forms as different pieces, and llama.cpp compares bytes.
struct PieceTable: Sendable {
    /// The bytes of each id's piece.  // [V]
    private let pieces: [[UInt8]]
    /// FNV-1a hash of a piece → the ids with that hash (the last id of a repeated piece only).
    private let idsByHash: [UInt64: [Int32]]

    init(tokens: [String]) {
        var pieces: [[UInt8]] = []
        pieces.reserveCapacity(tokens.count)
        var index: [UInt64: [Int32]] = [:]
        index.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            let bytes = Array(token.utf8)
            pieces.append(bytes)
            let hash = Self.hash(bytes[...])
            var ids = index[hash] ?? []
            // A repeated piece maps to its last id, as llama.cpp's token_to_id does.
            ids.removeAll { pieces[Int($0)] == bytes }
            ids.append(Int32(truncatingIfNeeded: id))
            index[hash] = ids
        }
        self.pieces = pieces
        idsByHash = index
    }

    /// The id of the piece spelled exactly by `bytes`, if any.
    func id(_ bytes: ArraySlice<UInt8>) -> Int32? {
        guard let ids = idsByHash[Self.hash(bytes)] else { return nil }
        return ids.first { pieces[Int($0)].elementsEqual(bytes) }
    }

    private static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
