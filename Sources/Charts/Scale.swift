import Foundation

/// Maps data values onto a pixel range, linearly or logarithmically.
public struct Scale: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case linear, log10 }

    public var kind: Kind
    /// Data interval; for `.log10` both ends must be > 0.
    public var domain: ClosedRange<Double>
    /// Pixel position of `domain.lowerBound` and of `domain.upperBound` (y axes run high → low).
    public var start: Double
    public var end: Double

    public init(kind: Kind = .linear, domain: ClosedRange<Double>, start: Double = 0, end: Double = 1) {
        self.kind = kind
        let lo = kind == .log10 ? max(domain.lowerBound, 1e-300) : domain.lowerBound
        let hi = kind == .log10 ? max(domain.upperBound, lo * 10) : domain.upperBound
        self.domain = lo...(hi > lo ? hi : lo + 1)
        self.start = start
        self.end = end
    }

    private func transform(_ v: Double) -> Double { kind == .log10 ? log10(v) : v }

    /// Pixel position of `value`; non-positive values on a log scale go to the low end.
    public func callAsFunction(_ value: Double) -> Double {
        if kind == .log10 && !(value > 0) { return start }
        let a = transform(domain.lowerBound), b = transform(domain.upperBound)
        return start + (transform(value) - a) / (b - a) * (end - start)
    }

    /// The data value at pixel position `pixel`.
    public func invert(_ pixel: Double) -> Double {
        let a = transform(domain.lowerBound), b = transform(domain.upperBound)
        let t = end == start ? 0 : (pixel - start) / (end - start)
        let v = a + t * (b - a)
        return kind == .log10 ? pow(10, v) : v
    }

    /// The same scale over another pixel range.
    public func withRange(_ start: Double, _ end: Double) -> Scale {
        Scale(kind: kind, domain: domain, start: start, end: end)
    }

    /// Linear: the domain widened to nice tick bounds. Log: widened to whole decades when ≤ 6 decades.
    public func niced(count: Int = 6) -> Scale {
        switch kind {
        case .linear:
            let b = Ticks.niceBounds(min: domain.lowerBound, max: domain.upperBound, count: count)
            return Scale(kind: kind, domain: b.lower...b.upper, start: start, end: end)
        case .log10:
            let lo = pow(10, floor(log10(domain.lowerBound) + 1e-9))
            let hi = pow(10, ceil(log10(domain.upperBound) - 1e-9))
            return Scale(kind: kind, domain: lo...hi, start: start, end: end)
        }
    }

    /// Readable ticks within the domain.
    public func ticks(count: Int = 6) -> [Tick] {
        switch kind {
        case .linear:
            let eps = (domain.upperBound - domain.lowerBound) * 1e-9
            return Ticks.linear(min: domain.lowerBound, max: domain.upperBound, count: count)
                .filter { $0.value >= domain.lowerBound - eps && $0.value <= domain.upperBound + eps }
        case .log10:
            return Ticks.log(min: domain.lowerBound, max: domain.upperBound, maxLabels: count + 2)
        }
    }
}
