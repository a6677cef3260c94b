/// What can go wrong in the window shell.
public enum ShellError: Error, Equatable, CustomStringConvertible {
    /// The settings file could not be written; the settings stay in memory for this session.
    case settingsNotSaved(path: String, reason: String)
    /// GTK could not open a display (no `DISPLAY`/`WAYLAND_DISPLAY`, or the server refused).
    case noDisplay
    /// A dropped or chosen item is neither a `.gguf` file nor a folder.
    case notAModel(path: String)

    public var description: String {
        switch self {
        case .settingsNotSaved(let path, let reason):
            return "could not save settings to \(path): \(reason) — check that the folder is writable"
        case .noDisplay:
            return "cannot open display: run TokenGen in a graphical session, or use `tokengen analyze` "
                + "for headless work"
        case .notAModel(let path):
            return "\(path) is not a model: choose a .gguf file or a model folder with config.json"
        }
    }
}
