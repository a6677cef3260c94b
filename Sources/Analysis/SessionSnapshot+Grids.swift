import Transformer

extension SessionSnapshot {
    /// The longest prompt whose lens grids (every layer and position) are read.
    public static let gridTokenLimit = ForwardResult.residMidTokenLimit

    /// This snapshot with both lens grids, read from its kept run when the request did not ask for them
    /// (the window reads them only while the Lens grid pane shows; an export of every chart needs them).
    /// Unchanged over `gridTokenLimit` tokens, without a kept run, or when the read fails.
    public func withLensGrids() -> SessionSnapshot {
        guard grid == nil || midGrid == nil, let run = primary.captured, run.tokenCount <= Self.gridTokenLimit
        else { return self }
        var filled = self
        filled.grid = grid ?? (try? run.lensGrid(afterAttention: false))
        filled.midGrid = midGrid ?? (try? run.lensGrid(afterAttention: true))
        return filled
    }
}
