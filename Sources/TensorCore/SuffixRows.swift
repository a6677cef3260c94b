/// The rows of a block run that continues N variants of one base prompt, each from its own position on.
///
/// Variant i equals the base prompt before position `starts[i]` (at the block's input, hence at every
/// later block: attention is causal), so only its positions `starts[i]..<T` are rows, variant after
/// variant; its earlier keys and values are the base run's, read from `base` block by block.
/// Activation patching uses it: a patch at position t leaves every position before t unchanged.
/// Legend: T tokens, N variants, R rows (Σ ends[i] − starts[i]).
public struct SuffixRows: Sendable {
    /// T, the length of every variant (and of the base run).
    public let tokens: Int
    /// `[N]`: the first position each variant holds.
    public let starts: [Int]
    /// `[N]`: one past the last position each variant holds (T unless a variant stops early: a variant
    /// holding only `starts[i]` recomputes that one position of the base run).
    public let ends: [Int]
    /// `[N]`: the row of each variant's first position.
    public let offsets: [Int]
    /// `[R]`: each row's position in its variant.
    public let positions: [Int]
    /// The base prompt's run: its keys and values (after RoPE / k-norm) for the positions before each start.
    public let base: AttentionCapture

    /// Nil when a start is outside `0..<tokens`, an end outside `start+1...tokens`, or there is no variant.
    /// - Parameter ends: `[N]`, nil for T everywhere
    public init?(tokens: Int, starts: [Int], ends: [Int]? = nil, base: AttentionCapture) {
        let ends = ends ?? starts.map { _ in tokens }
        guard tokens > 0, !starts.isEmpty, ends.count == starts.count,
            zip(starts, ends).allSatisfy({ $0 >= 0 && $0 < $1 && $1 <= tokens })
        else { return nil }
        self.tokens = tokens
        self.starts = starts
        self.ends = ends
        self.base = base
        var offsets = [Int]()
        var positions = [Int]()
        for (s, e) in zip(starts, ends) {
            offsets.append(positions.count)
            positions += Array(s..<e)
        }
        self.offsets = offsets
        self.positions = positions
    }

    /// R.
    public var count: Int { positions.count }

    /// The row holding variant i's last position (`ends[i]` − 1).
    public func lastRow(of variant: Int) -> Int { offsets[variant] + ends[variant] - starts[variant] - 1 }

    /// Whether the base run recorded block `layer` with these sizes (T tokens, KV heads of width d).
    public func baseCovers(layer: Int, kvHeads: Int, headDim: Int) -> Bool {
        guard let shape = base.shape(layer: layer) else { return false }
        return shape.tokens == tokens && shape.kvHeads == kvHeads && shape.headDim == headDim
    }
}
