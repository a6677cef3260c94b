import Foundation
import Testing

/// The depth views in the real window (default model, sample prompt), driven with xdotool: a lens-grid
/// click, an Attribution head click, the Patch against field, and the views after attention in the
/// View picker.
@Suite("tokengen window, depth views", .serialized)
struct DepthWindowTests {
    /// Panes in the built-in order: Timeline 0, Heatmap 1, …, Lens grid 5, Attribution 6, Patching 7.
    static let lensGridTab = 5
    static let attributionTab = 6

    /// The app with the sample prompt analyzed (6 tokens on the bundled model).
    static func start(_ xvfb: XvfbSession, _ scratch: Scratch) throws -> AppProcess {
        let app = try AppProcess(display: xvfb.display, scratch: scratch.url)
        try #require(app.waitFor("analysis-finished", timeout: 90) != nil, "no first analysis:\n\(app.log)")
        return app
    }

    /// Shows pane `index` by its tab.
    static func showTab(_ index: Int, _ app: AppProcess) throws {
        let mark = app.lines().count
        try app.click(try #require(app.geometry("tab-\(index)"), "no tab \(index)"))
        try #require(app.waitFor("pane \(index) ", after: mark, timeout: 10) != nil, "tab \(index):\n\(app.recent)")
        usleep(300_000)
    }

    /// Moves the pointer over the pane on a grid of points until the readout of `plugin` satisfies
    /// `wanted`; returns that point and the readout (the pointer stays there).
    static func find(
        _ plugin: String, _ app: AppProcess, where wanted: (String) -> Bool
    ) throws -> (point: (Int, Int), text: String)? {
        let pane = try #require(app.geometry("pane"))
        for fy in stride(from: 0.2, through: 0.9, by: 0.07) {
            for fx in stride(from: 0.15, through: 0.9, by: 0.07) {
                let point = (pane.x + Int(Double(pane.width) * fx), pane.y + Int(Double(pane.height) * fy))
                let mark = app.lines().count
                try app.xdotool("mousemove", "\(point.0)", "\(point.1)")
                // A readout line comes only when the text changes (another cell).
                guard let line = app.waitFor("hover \(plugin) ", after: mark, timeout: 0.3),
                    wanted(String(line.dropFirst("hover \(plugin) ".count)))
                else { continue }
                // A loaded machine may report an earlier position late: let the readout settle and
                // take the last one, which is the pointer's.
                usleep(700_000)
                let last = app.lines().last { $0.hasPrefix("hover \(plugin) ") } ?? ""
                let text = String(last.dropFirst("hover \(plugin) ".count))
                if wanted(text) { return (point, text) }
            }
        }
        return nil
    }

    /// The first integer after `word ` in `text`.
    static func number(after word: String, in text: String) -> Int? {
        guard let range = text.range(of: word + " ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    @Test(
        "a lens-grid click makes its position the query position and its layer the selected layer",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func lensGridClick() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let app = try Self.start(xvfb, scratch)
        defer { app.stop() }
        // The grids are read only once their pane shows: a view update brings them.
        let shown = app.lines().count
        try Self.showTab(Self.lensGridTab, app)
        #expect(
            app.waitFor("view-updated lens-grid", after: shown, timeout: 30) != nil, "no grid update:\n\(app.recent)")
        // A cell away from the query position (the last token) and the embedding row, so the click
        // visibly moves both.
        let found = try Self.find("lens-grid", app) { text in
            text.hasPrefix("layer") && (Self.number(after: "position", in: text) ?? 5) < 5
                && (Self.number(after: "layer", in: text) ?? 0) > 0
        }
        let cell = try #require(found, "no lens-grid cell under the pointer:\n\(app.recent)")
        let layer = try #require(Self.number(after: "layer", in: cell.text), "\(cell.text)")
        let position = try #require(Self.number(after: "position", in: cell.text), "\(cell.text)")
        let mark = app.lines().count
        try app.xdotool("click", "1")
        #expect(app.waitFor("query \(position)", after: mark, timeout: 10) != nil, "no query event:\n\(app.recent)")
        #expect(app.waitFor("layer \(layer)", after: mark, timeout: 10) != nil, "no layer event:\n\(app.recent)")
        // The layer is the shared depth selection (that layer alone), which the other charts show.
        let selection = try #require(app.waitFor("selection depth", after: mark, timeout: 10), "\(app.recent)")
        let bounds = (selection.split(separator: " ").dropFirst(2).first ?? "").split(separator: "-")
            .compactMap { Double($0) }
        #expect(bounds.count == 2 && bounds[0] <= Double(layer) / 30 && Double(layer) / 30 <= bounds[1], "\(selection)")
        #expect(app.waitFor("view-updated chip", after: mark, timeout: 30) != nil, "no view update:\n\(app.recent)")
        // The geometry (ending with `tokens N query Q`) is written just after `view-updated`.
        _ = app.waitFor("tokens ", after: mark, timeout: 5)
        #expect(app.lines().last { $0.hasPrefix("tokens ") } == "tokens 6 query \(position)")
        #expect(!app.lines().contains { $0.hasPrefix("error") }, "\(app.lines().filter { $0.hasPrefix("error") })")
    }

    @Test(
        "an Attribution head click shows the Heatmap's every-head view with that head outlined",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func attributionHeadClick() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let app = try Self.start(xvfb, scratch)
        defer { app.stop() }
        try Self.showTab(Self.attributionTab, app)
        let found = try Self.find("attribution", app) { $0.hasPrefix("block") && $0.contains(", head ") }
        let cell = try #require(found, "no head under the pointer:\n\(app.recent)")
        let block = try #require(Self.number(after: "block", in: cell.text), "\(cell.text)")
        let head = try #require(Self.number(after: "head", in: cell.text), "not a head: \(cell.text)")
        let mark = app.lines().count
        try app.xdotool("click", "1")
        #expect(app.waitFor("head \(block) \(head)", after: mark, timeout: 10) != nil, "no head event:\n\(app.recent)")
        #expect(app.waitFor("pane 1 ", after: mark, timeout: 10) != nil, "the Heatmap was not shown:\n\(app.recent)")
        let view = app.waitFor("view ", after: mark, timeout: 10)
        #expect(view?.contains("Every head") == true, "\(view ?? app.recent)")
        #expect(!app.lines().contains { $0.hasPrefix("error") }, "\(app.lines().filter { $0.hasPrefix("error") })")
    }

    @Test(
        "Patch against: another token count shows its error in the Patching pane, the same count patches",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(4)))
    func patchField() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let app = try Self.start(xvfb, scratch)
        defer { app.stop() }
        let runs = app.lines().filter { $0.hasPrefix("first-layer") }.count
        let field = try #require(app.geometry("corrupted"), "no Patch against field:\n\(app.recent)")

        var mark = app.lines().count
        try app.typeInto(field, "Hello there")
        let failure = app.waitFor("patching-error ", after: mark, timeout: 60)
        #expect(failure?.contains("same number of tokens") == true, "\(failure ?? app.recent)")
        #expect(app.waitFor("view-updated corrupted", after: mark, timeout: 30) != nil, "\(app.recent)")
        // The other views stay: no error dialog, and the model did not run again.
        #expect(!app.lines().dropFirst(mark).contains { $0.hasPrefix("error") }, "\(app.recent)")

        mark = app.lines().count
        try app.typeInto(field, "The room is full of angry")
        #expect(
            app.waitFor("status Patching: layer", after: mark, timeout: 90) != nil, "no patching:\n\(app.recent)")
        #expect(app.waitFor("view-updated corrupted", after: mark, timeout: 120) != nil, "\(app.recent)")
        #expect(!app.lines().dropFirst(mark).contains { $0.hasPrefix("patching-error") }, "\(app.recent)")
        #expect(app.lines().filter { $0.hasPrefix("first-layer") }.count == runs, "the model ran again")
        #expect(!app.lines().contains { $0.hasPrefix("error") }, "\(app.lines().filter { $0.hasPrefix("error") })")
    }

    @Test(
        "the View picker of the Timeline and of the Lens grid offers the views after attention",
        .enabled(if: WindowEndToEndTests.toolsInstalled, "needs Xvfb, xdotool and ImageMagick"),
        .timeLimit(.minutes(3)))
    func afterAttentionViews() throws {
        let xvfb = try XvfbSession.start()
        defer { xvfb.stop() }
        let scratch = try Scratch()
        let app = try Self.start(xvfb, scratch)
        defer { app.stop() }

        // Timeline (shown first): Probability is item 0; after attention, probability is item 4.
        var mark = app.lines().count
        try app.click(try #require(app.geometry("view"), "no View picker:\n\(app.recent)"))
        usleep(500_000)
        for key in ["Down", "Down", "Down", "Down", "Return"] {
            try app.xdotool("key", key)
            usleep(200_000)
        }
        let timeline = app.waitFor("view ", after: mark, timeout: 10)
        #expect(timeline?.hasSuffix("After attention: probability") == true, "\(timeline ?? app.recent)")

        // Lens grid: after a view update the geometry is reported for its picker; item 2.
        try Self.showTab(Self.lensGridTab, app)
        mark = app.lines().count
        try app.click(try #require(app.geometry("chip-1")))
        try #require(app.waitFor("geometry view", after: mark, timeout: 30) != nil, "\(app.recent)")
        mark = app.lines().count
        try app.click(try #require(app.geometry("view")))
        usleep(500_000)
        for key in ["Down", "Down", "Return"] {
            try app.xdotool("key", key)
            usleep(200_000)
        }
        let grid = app.waitFor("view ", after: mark, timeout: 10)
        #expect(grid?.hasSuffix("After attention: top-1") == true, "\(grid ?? app.recent)")
        #expect(!app.lines().contains { $0.hasPrefix("error") }, "\(app.lines().filter { $0.hasPrefix("error") })")
    }
}
