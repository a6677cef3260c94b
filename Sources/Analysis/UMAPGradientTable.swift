import Foundation

/// Tabulated UMAP gradient coefficients as functions of the squared distance d².
///
/// The layout evaluates d²ᵇ about five million times for 270 heads, one after another, and
/// `pow` made up most of the run time. The two coefficients are smooth in log d², so they are
/// tabulated once per layout on 2⁻³² ≤ d² < 2¹⁶ with 128 entries per octave, indexed by the
/// float's exponent and top mantissa bits and linearly interpolated (relative error < 1e-4,
/// far below the SGD's noise); outside that range they are computed exactly.
struct UMAPGradientTable {
    static let mantissaBits: UInt32 = 7
    static let lowExponent: Int = -32
    static let highExponent: Int = 16

    let a: Float
    let b: Float
    let gamma: Float
    /// −2ab·d²⁽ᵇ⁻¹⁾ / (1 + a·d²ᵇ), the attractive coefficient, as (value, step to the next
    /// entry) pairs so one 8-byte load serves the interpolation.
    private(set) var attractive: [Float]
    /// 2γb / ((0.001 + d²)(1 + a·d²ᵇ)), the repulsive coefficient, as (value, step) pairs.
    private(set) var repulsive: [Float]

    init(a: Float, b: Float, gamma: Float) {
        self.a = a
        self.b = b
        self.gamma = gamma
        let perOctave = 1 << Int(Self.mantissaBits)
        let count = (Self.highExponent - Self.lowExponent) * perOctave + 1
        var pull = [Float](repeating: 0, count: count)
        var push = [Float](repeating: 0, count: count)
        let lowBits = UInt32(Self.lowExponent + 127) << 23
        for i in 0 ..< count {
            let d2 = Float(bitPattern: lowBits + UInt32(i) << (23 - Self.mantissaBits))
            pull[i] = Self.exactAttractive(d2, a: a, b: b)
            push[i] = Self.exactRepulsive(d2, a: a, b: b, gamma: gamma)
        }
        attractive = Self.pairs(pull)
        repulsive = Self.pairs(push)
    }

    /// `[count, 2]`: each value and its difference to the next (0 for the last).
    private static func pairs(_ values: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: values.count * 2)
        for i in values.indices {
            out[2 * i] = values[i]
            out[2 * i + 1] = i + 1 < values.count ? values[i + 1] - values[i] : 0
        }
        return out
    }

    static func exactAttractive(_ d2: Float, a: Float, b: Float) -> Float {
        let d = Double(d2)
        let powB = pow(d, Double(b))
        return Float(-2 * Double(a) * Double(b) * (powB / d) / (Double(a) * powB + 1))
    }

    static func exactRepulsive(_ d2: Float, a: Float, b: Float, gamma: Float) -> Float {
        let d = Double(d2)
        let powB = pow(d, Double(b))
        return Float(2 * Double(gamma) * Double(b) / ((0.001 + d) * (Double(a) * powB + 1)))
    }

    /// Interpolates `table` at d² > 0, or returns nil outside the tabulated range.
    ///
    /// The fraction is built by placing the low mantissa bits under the exponent of 1.0 and
    /// subtracting 1 (exact, same value as an int→float conversion and scale, fewer cycles on
    /// the SGD's dependency chain).
    @inline(__always)
    static func lookup(_ table: UnsafeBufferPointer<Float>, _ d2: Float) -> Float? {
        let shift = 23 - mantissaBits
        let bits = d2.bitPattern
        let lowBits = UInt32(lowExponent + 127) << 23
        let highBits = UInt32(highExponent + 127) << 23
        // One unsigned compare covers both ends (and d² = 0, whose bits wrap around).
        let offset = bits &- lowBits
        guard offset < highBits &- lowBits else { return nil }
        let index = Int(offset >> shift) * 2
        let fraction = Float(bitPattern: 0x3F80_0000 | (offset & ((1 << shift) - 1)) << mantissaBits) - 1
        return table[index] + table[index + 1] * fraction
    }
}
