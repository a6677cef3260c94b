import Foundation
import Testing

/// Issue 13 items 4 and 5 in the real window: token colours and the Attention drop-down.
extension WindowEndToEndTests {
    /// The `colors timeline ID=#RRGGBB …` events (written whenever the Timeline's colours change) after
    /// line `after`, as [token id: colour] per event.
    static func colorEvents(_ app: AppProcess, after: Int = 0) -> [[Int: String]] {
        app.lines().dropFirst(after).filter { $0.hasPrefix("colors timeline ") }.map { line in
            var colors: [Int: String] = [:]
            for pair in line.split(separator: " ").dropFirst(2) {
                let parts = pair.split(separator: "=")
                if parts.count == 2, let id = Int(parts[0]) { colors[id] = String(parts[1]) }
            }
            return colors
        }
    }

    /// The tokens of each event differ in colour, and colours stay with their tokens: a token changes
    /// colour, or a colour passes to another token, only once more tokens than the palette's ten have been
    /// shown in this analysis (then the colour shown longest ago is reused).
    static func checkColors(_ events: [[Int: String]], _ what: String) {
        var colorOf: [Int: String] = [:]
        var ownerOf: [String: Int] = [:]
        var seen = Set<Int>()
        for (index, event) in events.enumerated() {
            #expect(Set(event.values).count == event.count, "\(what) event \(index): two tokens share a colour: \(event)")
            seen.formUnion(event.keys)
            for (id, color) in event {
                let before = colorOf[id], owner = ownerOf[color]
                if seen.count <= 10 {
                    #expect(before == nil || before == color, "\(what) event \(index): token \(id) went from \(before ?? "") to \(color)")
                    #expect(owner == nil || owner == id, "\(what) event \(index): \(color) passed from token \(owner ?? -1) to \(id)")
                }
                colorOf[id] = color
                ownerOf[color] = id
            }
        }
    }

    @Test(
        "a token keeps its colour while layers stream in and when Top-k changes, distinct in both themes (item 4)",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func tokenColors() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        var palettes: [String: Set<String>] = [:]
        for theme in ["light", "dark"] {
            // The default model (30 layers): its layers stream in one by one, each a Timeline update.
            let scratch = try Scratch()
            let app = try AppProcess(
                display: xvfb.display, arguments: ["--prompt", "The capital of France is"], scratch: scratch.url,
                environment: theme == "dark" ? ["GTK_THEME": "Adwaita:dark"] : [:])
            defer { app.stop() }
            try #require(app.waitFor("analysis-finished", timeout: 90) != nil, "no first analysis:\n\(app.log)")
            let streamed = Self.colorEvents(app)
            try #require(streamed.count > 3, "\(theme): too few colour events to see streaming\n\(app.recent)")

            // Top-k 2, 3, then 10 again: the Timeline shows fewer tokens, then as many as before.
            for value in ["2", "3", "10"] {
                let mark = app.lines().count
                try app.xdotool("key", "alt+k", "ctrl+a")
                try app.xdotool("type", value)
                try app.xdotool("key", "Tab")
                try #require(
                    app.waitFor("view-updated top-k ", after: mark, timeout: 30) != nil,
                    "\(theme): Top-k \(value) did not update\n\(app.recent)")
            }
            let all = Self.colorEvents(app)
            #expect(all.count > streamed.count, "\(theme): Top-k changed no colours report\n\(app.recent)")
            Self.checkColors(all, theme)
            // Back at Top-k 10 the Timeline shows the same tokens as after the run, in the same colours.
            #expect(all.last == streamed.last, "\(theme): after the run \(streamed.last ?? [:]), now \(all.last ?? [:])")
            palettes[theme] = Set(all.flatMap(\.values))
            #expect(!app.lines().contains { $0.hasPrefix("error") }, "\(theme): \(app.recent)")
        }
        // Each theme has its own palette (light colours vanish on the dark background and vice versa).
        let light = palettes["light"] ?? [], dark = palettes["dark"] ?? []
        #expect(!light.isEmpty && light.isDisjoint(with: dark), "light \(light) dark \(dark)")
    }

    @Test(
        "changing the Attention drop-down keeps every control to its right in place (item 5)",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func attentionDropDownKeepsLayout() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let app = try Self.launch(xvfb, scratch)
        defer { app.stop() }
        let names = ["attention", "features", "contrast-a", "contrast-b"]
        func boxes() throws -> [String] {
            try names.map { name in
                let box = try #require(app.geometry(name), "no geometry for \(name)")
                return "\(name) \(box.x) \(box.y) \(box.width) \(box.height)"
            }
        }
        let before = try boxes()
        // Mean → Single head (the longest label) → Rollout (the last) → Mean (the first) again.
        for keys in [["Down", "Down"], ["End"], ["Home"]] {
            let mark = app.lines().count
            try app.click(try #require(app.geometry("attention")))
            usleep(500_000)
            for key in keys + ["Return"] {
                try app.xdotool("key", key)
                usleep(200_000)
            }
            try #require(
                app.waitFor("view-updated attention ", after: mark, timeout: 30) != nil,
                "\(keys) did not change Attention\n\(app.recent)")
            _ = app.waitFor("tokens ", after: mark, timeout: 5)  // the geometry after the update is written
            #expect(try boxes() == before, "after \(keys)")
        }
    }
}
