/// Everything that can go wrong while drawing or exporting a chart.
public enum ChartsError: Error, Equatable, CustomStringConvertible {
    /// The export target exists and the caller did not ask to overwrite it.
    case fileExists(path: String)
    /// The folder the file should go into does not exist.
    case directoryMissing(path: String)
    /// The file could not be written (permissions, full disk, read-only volume).
    case notWritable(path: String, reason: String)
    /// The requested chart size is empty, negative, not finite or absurdly large.
    case invalidSize(width: Double, height: Double)
    /// The PNG scale factor is not a positive finite number ≤ 16.
    case invalidScale(Double)
    /// The file name's extension names no format Charts can write.
    case unknownFormat(pathExtension: String)
    /// Cairo reported an error status during an operation.
    case cairo(operation: String, status: String)

    public var description: String {
        switch self {
        case .fileExists(let path):
            return "\(path) already exists: choose another name, or allow overwriting it"
        case .directoryMissing(let path):
            return "the folder \(path) does not exist: create it or choose another folder"
        case .notWritable(let path, let reason):
            return "cannot write \(path) (\(reason)): choose a folder you can write to and check free space"
        case .invalidSize(let w, let h):
            return "chart size \(w)×\(h) is not usable: give a width and height between 1 and 20000"
        case .invalidScale(let s):
            return "scale factor \(s) is not usable: give a number greater than 0 and at most 16"
        case .unknownFormat(let ext):
            return "unknown export format '.\(ext)': use a file name ending in .png, .pdf or .svg"
        case .cairo(let op, let status):
            return "drawing failed during \(op): \(status); try a smaller size or another folder"
        }
    }
}
