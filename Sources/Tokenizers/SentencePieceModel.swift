/// llama.cpp's SentencePiece tokenizer for GGUF files with `tokenizer.ggml.model = "llama"`
/// (`llm_tokenizer_spm` in llama-vocab.cpp): Llama 2, Mistral, Gemma, Phi-3 GGUFs.
///
/// Spaces become `▁`; each UTF-8 character starts as a symbol; the adjacent pair whose joined text is
/// the vocabulary piece with the highest score is merged (leftmost on ties) until no pair is a piece;
/// a character that is no piece becomes its bytes as `<0xNN>` pieces. With `add_space_prefix` a space
/// goes before the text at the start and after each special token.
struct SentencePieceModel: Sendable {
    /// Id of each piece, by exact bytes (the last id wins when a piece repeats, as in llama.cpp).
    let pieces: PieceTable
    /// Score of each id.  // [V]
    let scores: [Float]
    /// Id of `<0xNN>` (else of the one-byte piece) per byte, or -1.  // [256]
    let byteIDs: [Int32]
    /// The unknown piece, used for a byte with no piece at all.
    let unknownID: Int32?
    /// Whether text at the start and after a special token gets a leading space.
    let addsSpacePrefix: Bool

    init(tokens: [String], scores: [Float], unknownID: Int?, addsSpacePrefix: Bool) {
        let pieces = PieceTable(tokens: tokens)
        self.pieces = pieces
        self.scores = scores
        byteIDs = (0..<256).map { byte in
            pieces.id(Array(CharacterSymbols.byteToken(UInt8(byte)).utf8)[...]) ?? pieces.id([UInt8(byte)][...]) ?? -1
        }
        self.unknownID = unknownID.map { Int32(truncatingIfNeeded: $0) }
        self.addsSpacePrefix = addsSpacePrefix
    }

    /// Appends the ids of one piece of text (between special tokens) to `output`.
    /// - Parameter afterSpecial: whether the text starts the input or follows a special token.
    func encode(_ text: UnsafeBufferPointer<UInt8>, afterSpecial: Bool, into output: inout [Int32]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count + 8)
        if addsSpacePrefix && afterSpecial { bytes.append(contentsOf: [0xE2, 0x96, 0x81]) }
        for byte in text {
            if byte == UInt8(ascii: " ") { bytes.append(contentsOf: [0xE2, 0x96, 0x81]) } else { bytes.append(byte) }
        }
        guard !bytes.isEmpty else { return }
        var session = Session(bytes: bytes)
        session.merge(using: self)
        session.emit(using: self, into: &output)
    }

    /// The id of the piece spelled by `bytes`, if any.
    func id(_ bytes: ArraySlice<UInt8>) -> Int32? {
        pieces.id(bytes)
    }

    /// One text's symbols as a linked list over its bytes, and the queue of candidate merges.
    private struct Session {
        let bytes: [UInt8]
        var starts: [Int] = []
        var lengths: [Int] = []
        var previous: [Int] = []
        var next: [Int] = []
        var queue = BigramQueue()

        init(bytes: [UInt8]) {
            self.bytes = bytes
            var offset = 0
            while offset < bytes.count {
                let lead = bytes[offset]
                let length = min(lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4, bytes.count - offset)
                starts.append(offset)
                lengths.append(length)
                previous.append(starts.count - 2)
                offset += length
                next.append(offset == bytes.count ? -1 : starts.count)
            }
        }

        mutating func merge(using model: SentencePieceModel) {
            for right in starts.indices.dropFirst() { addBigram(right - 1, right, model) }
            while let bigram = queue.pop() {
                let (left, right) = (bigram.left, bigram.right)
                // Skip a pair whose symbols changed since it was queued.
                guard lengths[left] > 0, lengths[right] > 0, lengths[left] + lengths[right] == bigram.size
                else { continue }
                lengths[left] += lengths[right]
                lengths[right] = 0
                next[left] = next[right]
                if next[right] >= 0 { previous[next[right]] = left }
                addBigram(previous[left], left, model)
                addBigram(left, next[left], model)
            }
        }

        private mutating func addBigram(_ left: Int, _ right: Int, _ model: SentencePieceModel) {
            guard left >= 0, right >= 0 else { return }
            let size = lengths[left] + lengths[right]
            guard let id = model.id(bytes[starts[left]..<starts[left] + size]), Int(id) < model.scores.count
            else { return }
            queue.push(Bigram(score: model.scores[Int(id)], left: left, right: right, size: size))
        }

        func emit(using model: SentencePieceModel, into output: inout [Int32]) {
            var symbol = starts.isEmpty ? -1 : 0
            while symbol >= 0 {
                let piece = bytes[starts[symbol]..<starts[symbol] + lengths[symbol]]
                if let id = model.id(piece) {
                    output.append(id)
                } else {
                    for byte in piece {
                        let id = model.byteIDs[Int(byte)]
                        if id >= 0 {
                            output.append(id)
                        } else if let unknown = model.unknownID {
                            output.append(unknown)
                        }
                    }
                }
                symbol = next[symbol]
            }
        }
    }

    /// A candidate merge of two adjacent symbols.
    private struct Bigram {
        var score: Float
        var left: Int
        var right: Int
        var size: Int

        /// Whether `self` is merged before `other`: higher score, then further left.
        func precedes(_ other: Bigram) -> Bool {
            score > other.score || (score == other.score && left < other.left)
        }
    }

    /// A binary heap of bigrams, the one to merge first on top.
    private struct BigramQueue {
        private var items: [Bigram] = []

        mutating func push(_ item: Bigram) {
            items.append(item)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard items[child].precedes(items[parent]) else { break }
                items.swapAt(parent, child)
                child = parent
            }
        }

        mutating func pop() -> Bigram? {
            guard let top = items.first else { return nil }
            let last = items.removeLast()
            if items.isEmpty { return top }
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < items.count else { break }
                var best = left
                if left + 1 < items.count && items[left + 1].precedes(items[left]) { best = left + 1 }
                guard items[best].precedes(items[parent]) else { break }
                items.swapAt(parent, best)
                parent = best
            }
            return top
        }
    }
}
