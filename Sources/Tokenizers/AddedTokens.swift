/// A token added on top of the BPE vocabulary (e.g. `<|endoftext|>`), matched literally in the input.
public struct AddedToken: Sendable, Equatable {
    /// The token's id.
    public var id: Int
    /// The literal text it stands for.
    public var content: String
    /// Whether it is a special (control) token such as BOS/EOS rather than an ordinary added word.
    public var isSpecial: Bool

    public init(id: Int, content: String, isSpecial: Bool) {
        self.id = id
        self.content = content
        self.isSpecial = isSpecial
    }
}

/// Finds added tokens in the input before pre-tokenization, leftmost-longest, as HF tokenizers does.
struct AddedTokenMatcher: Sendable {
    /// A piece of input: either plain text (a byte range) or one added token.
    enum Segment {
        case text(Range<Int>)
        case token(Int)
    }

    private let contents: [[UInt8]]
    private let ids: [Int32]
    /// Indices into `contents` for each first byte, longest first.  // [256][*]
    private let candidates: [[Int]]

    init(_ tokens: [AddedToken]) {
        let usable = tokens.filter { !$0.content.isEmpty }.sorted {
            $0.content.utf8.count > $1.content.utf8.count
        }
        contents = usable.map { Array($0.content.utf8) }
        ids = usable.map { Int32(truncatingIfNeeded: $0.id) }
        var candidates = [[Int]](repeating: [], count: 256)
        for (index, content) in contents.enumerated() {
            if let first = content.first { candidates[Int(first)].append(index) }
        }
        self.candidates = candidates
    }

    /// Calls `body` with each text segment and matched token of `bytes`, in order.
    func forEachSegment(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Segment) -> Void) {
        guard !contents.isEmpty else {
            if !bytes.isEmpty { body(.text(0..<bytes.count)) }
            return
        }
        var start = 0
        var index = 0
        while index < bytes.count {
            let matched = candidates[Int(bytes[index])].first { candidate in
                let content = contents[candidate]
                guard index + content.count <= bytes.count else { return false }
                for offset in 1..<content.count where bytes[index + offset] != content[offset] {
                    return false
                }
                return true
            }
            guard let candidate = matched else {
                index += 1
                continue
            }
            if start < index { body(.text(start..<index)) }
            body(.token(Int(ids[candidate])))
            index += contents[candidate].count
            start = index
        }
        if start < bytes.count { body(.text(start..<bytes.count)) }
    }
}
