/// Keeps error messages short when they quote a file's contents.
///
/// A hostile file can put a 10 MB "tensor name" or JSON line into whatever an error message quotes; a
/// message must stay one readable line, so long messages keep their start (what is wrong) and their end
/// (what to do) and say how much of the middle was left out.
public enum ErrorText {
    /// The longest message shown (characters), about.
    public static let messageLimit = 300

    /// `text` when it has at most `limit` characters; otherwise its start and end around a note of how
    /// many characters were left out. Control characters become spaces so the message stays one line.
    public static func clip(_ text: String, _ limit: Int = messageLimit) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        for s in text.unicodeScalars {
            scalars.append(s.value < 0x20 || s.value == 0x7f ? " " : s)
            count += 1
        }
        guard count > limit else { return String(scalars) }
        let tail = min(80, limit / 4)
        let head = max(limit - tail - 40, 8)
        let start = String(String.UnicodeScalarView(scalars.prefix(head)))
        let end = String(String.UnicodeScalarView(scalars.suffix(tail)))
        return start + " …(\(count - head - tail) characters left out)… " + end
    }
}
