import Foundation
import Testing
@testable import Charts

@Suite("Ticks and scales")
struct ScaleTests {
    @Test("nice ticks follow Heckbert's 1-2-5 steps and cover the data")
    func niceTicks() {
        #expect(
            Ticks.nice(min: 0, max: 1, count: 6) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]
                || Ticks.nice(min: 0, max: 1, count: 6).map { ($0 * 10).rounded() } == [0, 2, 4, 6, 8, 10])
        #expect(Ticks.nice(min: -3.7, max: 12.2, count: 5) == [-5, 0, 5, 10, 15])
        #expect(Ticks.nice(min: 0, max: 29, count: 6) == [0, 10, 20, 30])  // range 50, step 10
        #expect(Ticks.nice(min: 5, max: 5, count: 5).contains(5))
        #expect(Ticks.niceNumber(0.0037, round: true) == 0.005)
    }

    @Test("tick labels use just enough decimals and a true minus")
    func labels() {
        #expect(
            Ticks.linear(min: 0, max: 1, count: 6).map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(Ticks.linear(min: -10, max: 10, count: 5).map(\.label) == ["−10", "−5", "0", "5", "10"])
    }

    @Test("log ticks label decades of a probability axis")
    func logTicks() {
        let major = Ticks.log(min: 1e-6, max: 1).filter(\.isMajor).map(\.label)
        #expect(major == ["10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "0.01", "0.1", "1"])
        let thin = Ticks.log(min: 1e-20, max: 1, maxLabels: 6).filter(\.isMajor)
        #expect(thin.count <= 6)
    }

    @Test("a log scale maps decades evenly and inverts")
    func logScale() {
        let s = Scale(kind: .log10, domain: 1e-4...1, start: 0, end: 400)
        #expect(abs(s(1e-2) - 200) < 1e-9)
        #expect(abs(s.invert(300) - 0.1) < 1e-12)
        #expect(s(0) == 0)
    }

    @Test("a linear y scale runs from bottom to top")
    func linearScale() {
        let s = Scale(domain: 0...10, start: 100, end: 0)
        #expect(s(2.5) == 75)
        #expect(s.invert(75) == 2.5)
    }
}
