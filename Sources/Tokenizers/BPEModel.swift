/// The byte-level BPE model: a vocabulary, ranked merges, and the merge loop.
///
/// Works on ids, not strings: a word starts as the ids of its single bytes and the lowest-ranked
/// adjacent pair is merged (leftmost first on ties) until no pair has a merge, as HF tokenizers' `BPE` does.
struct BPEModel: Sendable {
    /// Vocabulary entries in their stored form, by id (byte-level strings; "" for holes).  // [V]
    let tokens: [String]
    /// Id of each stored form.
    let idForToken: [String: Int]
    /// Id of the single-byte token for each byte, or -1 when the vocabulary lacks it.  // [256]
    let byteIDs: [Int32]
    /// Pair (left id << 32 | right id) → (rank << 32 | merged id).
    let merges: MergeTable
    /// Words with more symbols than this use the heap-based merge loop (tests lower it to cover that path).
    var longWordThreshold = 64
    /// A word that is itself a vocabulary entry becomes that token without merging (HF `ignore_merges`,
    /// used by Llama-3; llama.cpp does the same for its "llama-bpe" pre-tokenizer).
    var ignoresMerges = false
    /// Set for vocabularies over characters (SentencePiece-style): words start as characters, with byte
    /// fallback; nil for byte-level vocabularies, whose words start as bytes.
    var characters: CharacterSymbols?

    /// Builds the model from a vocabulary and merges (left, right) in rank order.
    /// - Parameters:
    ///   - tokensByID: the stored forms by id when the source lists them so (GGUF, where a string may
    ///     repeat); otherwise they are taken from `vocabulary`.
    ///   - source, vocabularySource: the files named in errors about merges and about ids.
    /// - Throws: `TokenizerError.mergeOutOfVocabulary` when a merge names an unknown token,
    ///   `.corruptFile` for a negative or huge id.
    init(
        vocabulary: [String: Int], tokensByID: [String]? = nil, merges pairs: [(String, String)],
        source: String, vocabularySource: String? = nil
    ) throws {
        var tokens: [String]
        if let tokensByID {
            tokens = tokensByID
        } else {
            // Ids index a table of `max id + 1` strings: a few holes are fine, an id of 10⁹ is not.
            let idLimit = min(1 << 30, vocabulary.count + (1 << 16))
            if let bad = vocabulary.first(where: { $0.value < 0 || $0.value >= idLimit }) {
                throw TokenizerError.corruptFile(
                    path: vocabularySource ?? source, reason: "token \"\(bad.key)\" has id \(bad.value)")
            }
            tokens = [String](repeating: "", count: (vocabulary.values.max() ?? -1) + 1)
            for (token, id) in vocabulary { tokens[id] = token }
        }
        var byteIDs = [Int32](repeating: -1, count: 256)
        for byte in 0..<256 {
            if let id = vocabulary[String(ByteLevelAlphabet.scalarForByte[byte])] {
                byteIDs[byte] = Int32(id)
            }
        }
        var table = MergeTable(capacity: pairs.count)
        for (rank, (left, right)) in pairs.enumerated() {
            guard let a = vocabulary[left], let b = vocabulary[right], let merged = vocabulary[left + right]
            else {
                throw TokenizerError.mergeOutOfVocabulary(merge: "\(left) \(right)", source: source)
            }
            table.insert(UInt64(a) << 32 | UInt64(b), UInt64(rank) << 32 | UInt64(merged))
        }
        self.tokens = tokens
        self.idForToken = vocabulary
        self.byteIDs = byteIDs
        self.merges = table
    }

    @inline(__always)
    private func merge(_ left: Int32, _ right: Int32) -> UInt64? {
        merges.find(left, right)
    }

    /// Appends the ids of one pre-tokenized word (raw bytes) to `output`.
    /// Bytes without a single-byte token are dropped, as HF does when there is no unknown token.
    /// - Parameter scratch: reused between words so the merge loop does not allocate.
    func encodeWord(_ word: UnsafeBufferPointer<UInt8>, into output: inout [Int32], scratch: inout Scratch) {
        if let characters {
            encodeCharacters(word, characters, into: &output, scratch: &scratch)
            return
        }
        if word.count == 1 {
            let id = byteIDs[Int(word[0])]
            if id >= 0 { output.append(id) }
            return
        }
        if ignoresMerges, let id = idForToken[ByteLevelAlphabet.encode(word)] {
            output.append(Int32(truncatingIfNeeded: id))
            return
        }
        scratch.symbols.removeAll(keepingCapacity: true)
        byteIDs.withUnsafeBufferPointer { byteIDs in
            for byte in word where byteIDs[Int(byte)] >= 0 { scratch.symbols.append(byteIDs[Int(byte)]) }
        }
        if scratch.symbols.count > longWordThreshold {
            mergeLong(&scratch.symbols)
        } else {
            mergeShort(&scratch.symbols, ranks: &scratch.ranks)
        }
        output.append(contentsOf: scratch.symbols)
    }

    /// `encodeWord` for a character-level vocabulary.
    private func encodeCharacters(
        _ word: UnsafeBufferPointer<UInt8>, _ characters: CharacterSymbols, into output: inout [Int32],
        scratch: inout Scratch
    ) {
        if ignoresMerges, let id = idForToken[String(decoding: word, as: UTF8.self)] {
            output.append(Int32(truncatingIfNeeded: id))
            return
        }
        scratch.symbols.removeAll(keepingCapacity: true)
        characters.append(word, to: &scratch.symbols)
        if scratch.symbols.count > longWordThreshold {
            mergeLong(&scratch.symbols)
        } else {
            mergeShort(&scratch.symbols, ranks: &scratch.ranks)
        }
        output.append(contentsOf: scratch.symbols)
    }

    /// Buffers the merge loop reuses from word to word.
    struct Scratch {
        var symbols: [Int32] = []
        var ranks: [UInt64] = []
    }

    /// Merge loop for short words: a linear scan for the lowest rank each round.
    private func mergeShort(_ symbols: inout [Int32], ranks: inout [UInt64]) {
        guard symbols.count > 1 else { return }
        // ranks[i]: the merge of (symbols[i], symbols[i+1]) as rank << 32 | id, or UInt64.max.
        ranks.removeAll(keepingCapacity: true)
        for i in 0..<symbols.count - 1 { ranks.append(merge(symbols[i], symbols[i + 1]) ?? .max) }
        while true {
            var best = UInt64.max
            var at = -1
            for i in 0..<ranks.count where ranks[i] < best {
                best = ranks[i]
                at = i
            }
            if at < 0 { return }
            symbols[at] = Int32(truncatingIfNeeded: best & 0xFFFF_FFFF)
            symbols.remove(at: at + 1)
            ranks.remove(at: at)
            if at < ranks.count { ranks[at] = merge(symbols[at], symbols[at + 1]) ?? .max }
            if at > 0 { ranks[at - 1] = merge(symbols[at - 1], symbols[at]) ?? .max }
        }
    }

    /// Merge loop for long words (long runs of spaces or symbols): a heap of candidate merges over a
    /// linked list, so the work grows as n log n rather than n².
    private func mergeLong(_ symbols: inout [Int32]) {
        let count = symbols.count
        var next = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = i + 1 < count ? i + 1 : -1 }
            initialized = count
        }
        var previous = (0..<count).map { $0 - 1 }
        var alive = [Bool](repeating: true, count: count)
        // Heap entries: rank << 32 | left position; the smallest rank, then leftmost, comes first.
        var heap = MinHeap()
        for i in 0..<count - 1 {
            if let entry = merge(symbols[i], symbols[i + 1]) { heap.push(entry & ~0xFFFF_FFFF | UInt64(i)) }
        }
        while let entry = heap.pop() {
            let left = Int(entry & 0xFFFF_FFFF)
            let right = next[left]
            guard alive[left], right >= 0, let found = merge(symbols[left], symbols[right]),
                found >> 32 == entry >> 32
            else { continue }
            symbols[left] = Int32(truncatingIfNeeded: found & 0xFFFF_FFFF)
            alive[right] = false
            next[left] = next[right]
            if next[right] >= 0 { previous[next[right]] = left }
            if next[left] >= 0, let after = merge(symbols[left], symbols[next[left]]) {
                heap.push(after & ~0xFFFF_FFFF | UInt64(left))
            }
            let before = previous[left]
            if before >= 0, let earlier = merge(symbols[before], symbols[left]) {
                heap.push(earlier & ~0xFFFF_FFFF | UInt64(before))
            }
        }
        var result: [Int32] = []
        var position = 0
        while position >= 0 {
            result.append(symbols[position])
            position = next[position]
        }
        symbols = result
    }
}

/// A binary min-heap of packed UInt64 keys.
private struct MinHeap {
    private var items: [UInt64] = []

    mutating func push(_ value: UInt64) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent] <= items[child] { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> UInt64? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return top }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= items.count { break }
            var smallest = left
            if left + 1 < items.count && items[left + 1] < items[left] { smallest = left + 1 }
            if items[parent] <= items[smallest] { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
