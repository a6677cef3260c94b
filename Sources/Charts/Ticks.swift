import Foundation

/// One labelled tick on an axis.
public struct Tick: Sendable, Equatable {
    public var value: Double
    public var label: String
    /// Minor ticks are drawn short and unlabelled.
    public var isMajor: Bool
    public init(value: Double, label: String, isMajor: Bool = true) {
        self.value = value
        self.label = label
        self.isMajor = isMajor
    }
}

/// Readable tick positions: Heckbert's "nice numbers" (Graphics Gems, 1990) and decades for log axes.
public enum Ticks {
    /// The nice number (1, 2, 5 × 10ⁿ; or 1, 2, 5, 10 when not rounding) near `x` > 0.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }

    /// About `count` evenly spaced nice values covering [min, max]: the first ≤ min, the last ≥ max.
    public static func nice(min lo: Double, max hi: Double, count: Int = 6) -> [Double] {
        let (start, end, step) = niceBounds(min: lo, max: hi, count: count)
        let n = Int(((end - start) / step).rounded())
        return (0...max(n, 0)).map { cleaned(start + Double($0) * step, step: step) }
    }

    /// The nice lower bound, upper bound and step for [min, max].
    public static func niceBounds(min lo: Double, max hi: Double, count: Int = 6)
        -> (lower: Double, upper: Double, step: Double)
    {
        var lo = lo, hi = hi
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if lo > hi { swap(&lo, &hi) }
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let range = niceNumber(hi - lo, round: false)
        let step = niceNumber(range / Double(Swift.max(count - 1, 1)), round: true)
        let lower = floor(lo / step + 1e-9) * step
        let upper = ceil(hi / step - 1e-9) * step
        return (cleaned(lower, step: step), cleaned(upper, step: step), step)
    }

    /// Labelled ticks for a linear axis over [min, max].
    public static func linear(min lo: Double, max hi: Double, count: Int = 6) -> [Tick] {
        let values = nice(min: lo, max: hi, count: count)
        let step = values.count > 1 ? values[1] - values[0] : 1
        return values.map { Tick(value: $0, label: format($0, step: step)) }
    }

    /// Ticks for a log₁₀ axis over [min, max] (both > 0): decades labelled, 2…9 as minor ticks
    /// when few decades are shown; every k-th decade when there are more than `maxLabels`.
    public static func log(min lo: Double, max hi: Double, maxLabels: Int = 8) -> [Tick] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let first = Int(floor(log10(lo) + 1e-9)), last = Int(ceil(log10(hi) - 1e-9))
        let decades = last - first
        let every = Swift.max(1, Int(ceil(Double(decades + 1) / Double(Swift.max(maxLabels, 1)))))
        var ticks: [Tick] = []
        for e in first...last {
            let v = pow(10, Double(e))
            if v >= lo * (1 - 1e-9), v <= hi * (1 + 1e-9) {
                let labelled = (e - first) % every == 0
                ticks.append(Tick(value: v, label: labelled ? powerLabel(e) : "", isMajor: labelled))
            }
            if decades <= 4, e < last {
                for m in 2...9 {
                    let mv = Double(m) * v
                    if mv >= lo, mv <= hi { ticks.append(Tick(value: mv, label: "", isMajor: false)) }
                }
            }
        }
        return ticks
    }

    /// "10⁻³" style label; plain "1", "10", "0.1" close to one.
    public static func powerLabel(_ exponent: Int) -> String {
        switch exponent {
        case 0: return "1"
        case 1: return "10"
        case -1: return "0.1"
        case -2: return "0.01"
        default:
            let sup: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
            let digits = String(abs(exponent)).compactMap { $0.wholeNumberValue.map { sup[$0] } }
            return "10" + (exponent < 0 ? "⁻" : "") + String(digits)
        }
    }

    /// Formats `value` with just enough decimals for ticks `step` apart; never "-0".
    public static func format(_ value: Double, step: Double) -> String {
        let decimals = step > 0 ? Swift.max(0, Int(-floor(log10(step) + 1e-9))) : 2
        if abs(value) >= 1e6 || (abs(value) < 1e-4 && value != 0) {
            return String(format: "%.1e", value)
        }
        let text = String(format: "%.\(Swift.min(decimals, 10))f", value)
        let isZero = text.allSatisfy { "-0.".contains($0) }
        return isZero ? String(text.drop { $0 == "-" }) : text.replacingOccurrences(of: "-", with: "−")
    }

    private static func cleaned(_ v: Double, step: Double) -> Double {
        abs(v) < step * 1e-9 ? 0 : v
    }
}
