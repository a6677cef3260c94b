import Testing
@testable import Charts

@Suite("Colours and token labels")
struct ColorTests {
    @Test("viridis endpoints and middle match matplotlib's published values")
    func viridis() {
        #expect(ColorMap.viridis.stops.count == 256)
        #expect(ColorMap.viridis.color(at: 0).hexString == "#440154")
        #expect(ColorMap.viridis.color(at: 1).hexString == "#FDE725")
        #expect(ColorMap.viridis.stops[128].hexString == "#21918C")
        #expect(ColorMap.viridis.color(at: -3) == ColorMap.viridis.color(at: 0))
    }

    @Test("the diverging map is neutral in the middle and blue below, red above")
    func diverging() {
        let m = ColorMap.blueRed
        #expect(m.color(at: 0.5).hexString == "#F7F7F7")
        #expect(m.color(at: 0).blue > m.color(at: 0).red)
        #expect(m.color(at: 1).red > m.color(at: 1).blue)
        #expect(m.color(for: 0, in: -2...2) == m.color(at: 0.5))
    }

    @Test("Okabe–Ito palette holds its published colours")
    func okabeIto() {
        let hex = Set(Palette.okabeIto.map(\.hexString))
        #expect(
            hex == ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"])
    }

    @Test("whitespace and control characters in tokens become visible")
    func tokenLabels() {
        #expect(TokenLabel.display(" world") == "␣world")
        #expect(TokenLabel.display("\n\n") == "↵↵")
        #expect(TokenLabel.display("\tx\r") == "⇥x␍")
        #expect(TokenLabel.display("\u{1}") == "\\x01")
        #expect(TokenLabel.display("\\xE2") == "\\xE2")
        #expect(TokenLabel.display("") == "∅")
        #expect(TokenLabel.display("日本語") == "日本語")
        #expect(TokenLabel.display(bytes: [0x20, 0xE2, 0x80]) == "␣\\xE2\\x80")
        #expect(TokenLabel.display(bytes: [0xE2, 0x82, 0xAC, 0xFF]) == "€\\xFF")
        #expect(TokenLabel.display(" extraordinarily", maxCharacters: 6) == "␣extr…")
    }
}
