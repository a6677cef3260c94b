/// The rows of a block run that continues N variants of one base prompt, each from its own position on.
///
/// Variant i equals the base prompt before position `starts[i]` (at the block's input, hence at every
/// later block: attention is causal), so only its positions `starts[i]..<T` are rows, variant after
/// variant; its earlier keys and values are the base run's, read from `base` block by block.
/// Activation patching uses it: a patch at position t leaves every position before t unchanged.
/// Legend: T tokens, N variants, R rows (Σ T − starts[i]).
public struct SuffixRows: Sendable {
    /// T, the length of every variant.
    public let tokens: Int
    /// `[N]`: the first position each variant holds.
    public let starts: [Int]
    /// `[N]`: the row of each variant's first position.
    public let offsets: [Int]
    /// `[R]`: each row's position in its variant.
    public let positions: [Int]
    /// The base prompt's run: its keys and values (after RoPE / k-norm) for the positions before each start.
    public let base: AttentionCapture

    /// Nil when a start is outside `0..<tokens` or there is no variant.
    public init?(tokens: Int, starts: [Int], base: AttentionCapture) {
        guard tokens > 0, !starts.isEmpty, starts.allSatisfy({ $0 >= 0 && $0 < tokens }) else { return nil }
        self.tokens = tokens
        self.starts = starts
        self.base = base
        var offsets = [Int]()
        var positions = [Int]()
        for s in starts {
            offsets.append(positions.count)
            positions += Array(s..<tokens)
        }
        self.offsets = offsets
        self.positions = positions
    }

    /// R.
    public var count: Int { positions.count }

    /// The row holding variant i's last position (T − 1).
    public func lastRow(of variant: Int) -> Int { offsets[variant] + tokens - starts[variant] - 1 }

    /// Whether the base run recorded block `layer` with these sizes (T tokens, KV heads of width d).
    public func baseCovers(layer: Int, kvHeads: Int, headDim: Int) -> Bool {
        guard let shape = base.shape(layer: layer) else { return false }
        return shape.tokens == tokens && shape.kvHeads == kvHeads && shape.headDim == headDim
    }
}
