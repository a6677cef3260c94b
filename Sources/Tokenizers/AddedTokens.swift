/// A token added on top of the BPE vocabulary (e.g. `<|endoftext|>`), matched literally in the input.
public struct AddedToken: Sendable, Equatable {
    /// The token's id.
    public var id: Int
    /// The literal text it stands for.
    public var content: String
    /// Whether it is a special (control) token such as BOS/EOS rather than an ordinary added word.
    public var isSpecial: Bool
    /// Whether it is looked for in the normalized text (true) or in the raw input (false, the usual case
    /// for special tokens).
    public var isNormalized: Bool
    /// Whether a match also takes the whitespace just before it (HF `lstrip`).
    public var stripsLeft: Bool
    /// Whether a match also takes the whitespace just after it (HF `rstrip`).
    public var stripsRight: Bool

    public init(
        id: Int, content: String, isSpecial: Bool, isNormalized: Bool = false, stripsLeft: Bool = false,
        stripsRight: Bool = false
    ) {
        self.id = id
        self.content = content
        self.isSpecial = isSpecial
        self.isNormalized = isNormalized
        self.stripsLeft = stripsLeft
        self.stripsRight = stripsRight
    }
}

/// Finds added tokens in the input before pre-tokenization.
struct AddedTokenMatcher: Sendable {
    /// A piece of input: either plain text (a byte range) or one added token.
    enum Segment {
        case text(Range<Int>)
        case token(Int)
    }

    /// Which occurrences win when tokens overlap.
    enum Order: Sendable {
        /// One left-to-right scan taking the longest token at each position (HF tokenizers).
        case leftmostLongest
        /// Each token in turn, longest first, cuts every piece of text still left (llama.cpp).
        case longestFirst
    }

    private let contents: [[UInt8]]
    private let ids: [Int32]
    private let stripsLeft: [Bool]
    private let stripsRight: [Bool]
    private let order: Order
    /// Indices into `contents` for each first byte, longest first.  // [256][*]
    private let candidates: [[Int]]

    /// Whether there is no token to match.
    var isEmpty: Bool { contents.isEmpty }

    /// - Parameter contents: the text to look for per token, when it differs from `content`
    ///   (normalized tokens are looked for in their normalized form).
    init(_ tokens: [AddedToken], order: Order = .leftmostLongest, contents: ((AddedToken) -> String)? = nil) {
        let text = contents ?? { $0.content }
        // Longest first; equal lengths by id, so the order does not depend on the input's order.
        let usable = tokens.filter { !text($0).isEmpty }.sorted {
            let (a, b) = (text($0).utf8.count, text($1).utf8.count)
            return a != b ? a > b : $0.id < $1.id
        }
        self.contents = usable.map { Array(text($0).utf8) }
        ids = usable.map { Int32(truncatingIfNeeded: $0.id) }
        stripsLeft = usable.map(\.stripsLeft)
        stripsRight = usable.map(\.stripsRight)
        self.order = order
        var candidates = [[Int]](repeating: [], count: 256)
        for (index, content) in self.contents.enumerated() {
            if let first = content.first { candidates[Int(first)].append(index) }
        }
        self.candidates = candidates
    }

    /// Calls `body` with each text segment and matched token of `bytes`, in order.
    func forEachSegment(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Segment) -> Void) {
        guard !bytes.isEmpty else { return }
        guard !contents.isEmpty else { return body(.text(0..<bytes.count)) }
        if order == .longestFirst {
            for segment in longestFirstSegments(bytes) { body(segment) }
            return
        }
        var start = 0
        var index = 0
        while index < bytes.count {
            guard let candidate = match(in: bytes, at: index, end: bytes.count) else {
                index += 1
                continue
            }
            var (matchStart, matchEnd) = (index, index + contents[candidate].count)
            if stripsLeft[candidate] { matchStart = Self.whitespaceStart(bytes, before: matchStart, limit: start) }
            if stripsRight[candidate] { matchEnd = Self.whitespaceEnd(bytes, from: matchEnd, limit: bytes.count) }
            if start < matchStart { body(.text(start..<matchStart)) }
            body(.token(Int(ids[candidate])))
            index = matchEnd
            start = index
        }
        if start < bytes.count { body(.text(start..<bytes.count)) }
    }

    /// The longest token whose text starts at `index` and ends by `end`.
    private func match(in bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int? {
        candidates[Int(bytes[index])].first { candidate in
            let content = contents[candidate]
            guard index + content.count <= end else { return false }
            for offset in 1..<content.count where bytes[index + offset] != content[offset] {
                return false
            }
            return true
        }
    }

    /// llama.cpp's `tokenizer_st_partition`: every occurrence of the longest token is cut out of the text,
    /// then of the next longest in the pieces left, and so on.
    private func longestFirstSegments(_ bytes: UnsafeBufferPointer<UInt8>) -> [Segment] {
        // One scan finds which tokens occur at all; only those cut the text, longest first.
        var occurs = [Bool](repeating: false, count: contents.count)
        for index in 0..<bytes.count {
            for candidate in candidates[Int(bytes[index])] where !occurs[candidate] {
                let content = contents[candidate]
                if index + content.count <= bytes.count && match(content, in: bytes, at: index) {
                    occurs[candidate] = true
                }
            }
        }
        var segments: [Segment] = [.text(0..<bytes.count)]
        for candidate in contents.indices where occurs[candidate] {
            let content = contents[candidate]
            var next: [Segment] = []
            for segment in segments {
                guard case .text(let range) = segment else {
                    next.append(segment)
                    continue
                }
                var start = range.lowerBound
                var index = range.lowerBound
                while index + content.count <= range.upperBound {
                    guard bytes[index] == content[0], match(content, in: bytes, at: index) else {
                        index += 1
                        continue
                    }
                    var (matchStart, matchEnd) = (index, index + content.count)
                    if stripsLeft[candidate] {
                        matchStart = Self.whitespaceStart(bytes, before: matchStart, limit: start)
                    }
                    if stripsRight[candidate] {
                        matchEnd = Self.whitespaceEnd(bytes, from: matchEnd, limit: range.upperBound)
                    }
                    if start < matchStart { next.append(.text(start..<matchStart)) }
                    next.append(.token(Int(ids[candidate])))
                    index = matchEnd
                    start = matchEnd
                }
                if start < range.upperBound { next.append(.text(start..<range.upperBound)) }
            }
            segments = next
        }
        return segments
    }

    private func match(_ content: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        for offset in 0..<content.count where bytes[index + offset] != content[offset] { return false }
        return true
    }

    /// Start of the whitespace run that ends at `end`, not before `limit`.
    private static func whitespaceStart(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int, limit: Int) -> Int {
        var position = end
        while position > limit {
            var scalarStart = position - 1
            while scalarStart > limit && bytes[scalarStart] & 0xC0 == 0x80 { scalarStart -= 1 }
            guard ScalarClass.at(bytes, scalarStart).0 == .whitespace else { break }
            position = scalarStart
        }
        return position
    }

    /// End of the whitespace run that starts at `start`, not after `limit`.
    private static func whitespaceEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int {
        var position = start
        while position < limit {
            let (kind, length) = ScalarClass.at(bytes, position)
            guard kind == .whitespace, position + length <= limit else { break }
            position += length
        }
        return position
    }
}
