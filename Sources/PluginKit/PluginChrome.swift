import Analysis
import Charts

/// The frame every built-in plugin shares: background, a title with a subtitle, a progress note
/// while layers stream in, and centred messages for the empty and missing-input states.
///
/// Text is always ellipsized to the surface width, so nothing is drawn outside it.
public enum PluginChrome {
    /// Inner margin around the whole plugin.
    public static let padding = 12.0

    /// The host's theme, or the light theme without a host.
    @MainActor public static func theme(_ host: (any PluginHost)?) -> Theme { host?.settings.theme ?? .light }

    /// Fills the surface with the theme's background.
    public static func background(_ canvas: Canvas, size: Size, theme: Theme) {
        canvas.fill(Rect(size: size), color: theme.background)
    }

    /// Draws `title` (bold) and `subtitle` (muted) at the top left; returns the area below them.
    @discardableResult
    public static func header(
        _ title: String, subtitle: String? = nil, note: String? = nil, canvas: Canvas, size: Size,
        theme: Theme
    ) -> Rect {
        let outer = Rect(size: size).inset(top: padding, left: padding, bottom: padding, right: padding)
        var y = outer.y
        var titleWidth = outer.width
        if let note, outer.width > 240 {
            let style = TextStyle(size: theme.fontSize, color: theme.accent)
            let w = canvas.measure(note, style: style, maxWidth: outer.width * 0.35).width
            canvas.text(
                note, at: Point(x: outer.maxX, y: y + 2), style: style, align: .trailing,
                maxWidth: outer.width * 0.35)
            titleWidth -= w + 12
        }
        y +=
            canvas.text(title, at: Point(x: outer.x, y: y), style: theme.titleStyle, maxWidth: titleWidth)
            .height
        if let subtitle, !subtitle.isEmpty {
            y += 2
            y +=
                canvas.text(
                    subtitle, at: Point(x: outer.x, y: y), style: theme.tickStyle, maxWidth: outer.width
                ).height
        }
        return Rect(x: 0, y: y + 4, width: size.width, height: max(0, size.height - y - 4))
    }

    /// A centred headline and explanation, for "nothing to show yet" and "inputs missing".
    public static func message(
        _ headline: String, detail: String?, canvas: Canvas, in rect: Rect, theme: Theme
    ) {
        let width = max(rect.width - 2 * padding, 1)
        let headStyle = TextStyle(size: theme.titleSize, bold: true, color: theme.mutedForeground)
        let detailStyle = TextStyle(size: theme.fontSize + 1, color: theme.mutedForeground)
        let lines = detail.map { wrap($0, width: width, canvas: canvas, style: detailStyle) } ?? []
        let headH = canvas.lineHeight(headStyle), lineH = canvas.lineHeight(detailStyle)
        let total = headH + (lines.isEmpty ? 0 : 6 + lineH * Double(lines.count))
        var y = rect.midY - total / 2
        canvas.text(
            headline, at: Point(x: rect.midX, y: y), style: headStyle, align: .center, maxWidth: width)
        y += headH + 6
        for line in lines {
            canvas.text(
                line, at: Point(x: rect.midX, y: y), style: detailStyle, align: .center, maxWidth: width)
            y += lineH
        }
    }

    /// Greedy word wrap to `width` (a word longer than the line is ellipsized when drawn).
    public static func wrap(_ text: String, width: Double, canvas: Canvas, style: TextStyle) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if canvas.measure(candidate, style: style).width <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// "layer 12 of 30…" while the run streams, nil once it finished.
    public static func progress(_ snapshot: SessionSnapshot) -> String? {
        switch snapshot.stage {
        case .tokenized: "tokenized, waiting for layer 0…"
        case .running(let layer, let total): "layer \(layer) of \(total)…"
        case .finished: nil
        }
    }

    /// The empty state before the first run.
    public static func drawEmpty(_ title: String, canvas: Canvas, size: Size, theme: Theme) {
        background(canvas, size: size, theme: theme)
        let area = header(title, canvas: canvas, size: size, theme: theme)
        message(
            "No analysis yet",
            detail: "Type a prompt and press Analyze: this view fills in layer by layer as the model runs.",
            canvas: canvas, in: area, theme: theme)
    }

    /// The prompt's tokens as axis labels: a character split over byte tokens shows on the token
    /// that completes it, the tokens holding only part of it as "◌".
    public static func tokenLabels(_ run: ModelRun, max: Int = 14) -> [String] {
        run.tokens.map { TokenLabel.display($0.label, maxCharacters: max) }
    }

    /// "position q “token”" for subtitles, with the token as the chips show it.
    public static func position(_ run: ModelRun, word: String = "position") -> String {
        let q = run.queryPosition
        let entry = run.tokens[q]
        let shown =
            entry.partial
            ? quoted(entry.label) + " (part of “\(entry.partOf ?? "a character")”)" : quoted(entry.shown)
        return "\(word) \(q) \(shown)"
    }

    /// A token as the charts show it: visible whitespace, quoted, at most `max` characters.
    public static func quoted(_ text: String, max: Int = 16) -> String {
        "“" + TokenLabel.display(text, maxCharacters: max) + "”"
    }

    /// The hover readout: the lines in a box beside the pointer, kept inside the surface, with a
    /// small ring on the point itself.
    public static func readout(_ info: HoverInfo, canvas: Canvas, size: Size, theme: Theme) {
        guard !info.lines.isEmpty else { return }
        let style = TextStyle(size: theme.fontSize + 1, color: theme.foreground)
        let lineH = canvas.lineHeight(style)
        let maxW = max(min(size.width * 0.6, 420), 60)
        let textW = info.lines.map { min(canvas.measure($0, style: style).width, maxW) }.max() ?? 0
        let box = Size(width: textW + 16, height: lineH * Double(info.lines.count) + 10)
        var x = info.point.x + 14
        var y = info.point.y + 14
        if x + box.width > size.width - 4 { x = info.point.x - 14 - box.width }
        if y + box.height > size.height - 4 { y = info.point.y - 14 - box.height }
        x = min(max(x, 4), max(size.width - box.width - 4, 4))
        y = min(max(y, 4), max(size.height - box.height - 4, 4))
        let rect = Rect(x: x, y: y, width: box.width, height: box.height)
        canvas.circle(center: info.point, radius: 4, fill: nil, stroke: theme.foreground, lineWidth: 1.5)
        canvas.fill(rect, color: theme.background.withAlpha(0.94))
        canvas.stroke(rect, color: theme.mutedForeground, width: 1)
        var ty = y + 5
        for line in info.lines {
            canvas.text(line, at: Point(x: x + 8, y: ty), style: style, maxWidth: maxW)
            ty += lineH
        }
    }
}
