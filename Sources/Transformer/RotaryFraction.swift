/// A config's rotary width as a fraction of the head width (`partial_rotary_factor`, `rotary_pct`).
enum RotaryFraction {
    /// The rotary width, or nil unless the fraction is finite and in (0, 1] (a huge value would trap in
    /// the conversion to Int).
    static func width(headDim: Int, fraction: Double) -> Int? {
        guard fraction.isFinite, fraction > 0, fraction <= 1 else { return nil }
        return Int(Double(headDim) * fraction)
    }

    /// The rotary width of a valid fraction.
    /// - Throws: `.invalidDimension` ("rotary fraction") unless the fraction is finite and in (0, 1].
    static func checkedWidth(headDim: Int, fraction: Double, source: String) throws(TransformerError) -> Int {
        guard let width = width(headDim: headDim, fraction: fraction) else {
            throw .invalidDimension(
                source: source, field: "rotary fraction", value: "\(fraction)",
                rule: "must be a fraction of the head width in (0, 1], like 0.25 or 1")
        }
        return width
    }
}
