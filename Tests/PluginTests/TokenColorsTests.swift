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

    @Test("a colour moves to another token only after all ten were taken, and then the idlest one")
    func reuseOnlyWhenFull() {
        var colors = TokenColors()
        colors.begin("prompt|model|5")
        colors.assign([1, 2, 3])
        let one = colors.color(of: 1, theme: .light)
        colors.assign([4, 5, 6])  // 1…3 hidden: the new tokens must not take their colours
        colors.assign([1, 4])
        #expect(colors.color(of: 1, theme: .light) == one, "a token hidden for a while came back in another colour")
        let six = [1, 2, 3, 4, 5, 6].map { colors.color(of: $0, theme: .light) }
        #expect(Set(six.map(\.hexString)).count == 6, "six tokens of one analysis share a colour")
        colors.assign([7, 8, 9, 10])  // all ten colours taken now
        colors.assign([11, 1])  // 11 takes the colour shown longest ago: 2's or 3's, never 1's
        let eleven = colors.color(of: 11, theme: .light)
        #expect(eleven != one)
        #expect([2, 3].map { colors.color(of: $0, theme: .light) }.contains(eleven))
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
