/// A config's rotary width as a fraction of the head width (`partial_rotary_factor`, `rotary_pct`).
enum RotaryFraction {
    /// The rotary width, or nil unless the fraction is finite and in (0, 1] (a huge value would trap in
    /// the conversion to Int).
    static func width(headDim: Int, fraction: Double) -> Int? {
        guard fraction.isFinite, fraction > 0, fraction <= 1 else { return nil }
        return Int(Double(headDim) * fraction)
    }

    /// - Throws: `.invalidDimension` naming `field` unless the fraction is finite and in (0, 1].
    static func check(_ fraction: Double, field: String, source: String) throws(TransformerError) {
        guard width(headDim: 0, fraction: fraction) != nil else {
            throw .invalidDimension(
                source: source, field: field, value: "\(fraction)",
                rule: "must be a fraction of the head width in (0, 1], like 0.25 or 1")
        }
    }
}
