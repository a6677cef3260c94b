import Charts
import PluginKit
import Testing

@Suite("Token colours")
struct TokenColorsTests {
    @Test("a token keeps its colour when others come and go, and tokens shown together differ")
    func stableAndDistinct() {
        var colors = TokenColors()
        colors.begin("prompt|model|5")
        colors.assign([10, 11, 12])
        let first = colors.color(of: 11, theme: .dark)
        colors.assign([13, 11, 14, 15, 16, 17, 18, 19])
        #expect(colors.color(of: 11, theme: .dark) == first)
        let shown = [13, 11, 14, 15, 16, 17, 18, 19].map { colors.color(of: $0, theme: .dark) }
        #expect(Set(shown.map { "\($0)" }).count == shown.count)
        colors.begin("prompt|model|5")
        #expect(colors.color(of: 11, theme: .dark) == first, "the same analysis keeps its colours")
        colors.begin("other prompt|model|5")
        #expect(colors.color(of: 11, theme: .dark) == Theme.dark.foreground, "a new analysis starts over")
    }

    @Test("each palette's colours stand apart from its background and from each other")
    func readable() {
        for (palette, theme) in [(TokenColors.light, Theme.light), (TokenColors.dark, Theme.dark)] {
            for c in palette { #expect(abs(c.luminance - theme.background.luminance) > 0.1, "\(c)") }
            for i in palette.indices {
                for j in palette.indices where j > i {
                    let d = abs(palette[i].red - palette[j].red) + abs(palette[i].green - palette[j].green)
                        + abs(palette[i].blue - palette[j].blue)
                    #expect(d > 0.25, "\(palette[i]) vs \(palette[j])")
                }
            }
        }
    }
}
