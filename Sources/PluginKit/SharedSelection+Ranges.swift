import Analysis

/// The one place a shared selection becomes layer, block and token ranges (every plugin and the
/// app's comparison request use these, so they never disagree about where a drag ends).
extension SharedSelection {
    /// Layers 0…L whose depth l / L lies in the selected depth range; nil without a depth range or
    /// when no layer does.
    public func layers(of layerCount: Int) -> ClosedRange<Int>? {
        guard let d = depth, layerCount > 0 else { return nil }
        let lo = max(0, Int((d.lowerBound * Double(layerCount)).rounded(.up)))
        let hi = min(layerCount, Int((d.upperBound * Double(layerCount)).rounded(.down)))
        return lo <= hi ? lo...hi : nil
    }

    /// Blocks 1…L (the attention rows) whose depth lies in the selected range.
    public func blocks(of layerCount: Int) -> ClosedRange<Int>? {
        guard let l = layers(of: layerCount), l.upperBound >= 1 else { return nil }
        return max(1, l.lowerBound)...l.upperBound
    }

    /// The selected token positions within 0…count−1 (every token without a token range).
    public func tokens(of count: Int) -> ClosedRange<Int>? {
        guard count > 0 else { return nil }
        let t = tokens ?? 0...(count - 1)
        let lo = min(max(t.lowerBound, 0), count - 1)
        return lo...min(max(t.upperBound, lo), count - 1)
    }

    /// The region a comparison summarises: nil unless a depth or token range is selected.
    public func comparisonSelection(tokenCount: Int) -> ComparisonSelection? {
        guard depth != nil || tokens != nil, let t = self.tokens(of: tokenCount) else { return nil }
        let d = depth ?? 0...1
        return ComparisonSelection(
            depthFrom: max(0, d.lowerBound), depthTo: min(1, d.upperBound), tokenFrom: t.lowerBound,
            tokenTo: t.upperBound)
    }
}
