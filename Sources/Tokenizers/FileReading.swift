import Foundation

/// Reading tokenizer files with errors that name the file and the problem.
enum FileReading {
    /// Largest tokenizer file read (Gemma 3's tokenizer.json, the largest known, is 33 MB).
    static let sizeLimit = 64 << 20

    /// The bytes of the file at `url`.
    /// - Throws: `TokenizerError.fileNotFound` / `.unreadableFile`.
    static func data(_ url: URL) throws(TokenizerError) -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else { throw .fileNotFound(path: url.path) }
        // A FIFO would block the read forever and a huge file would be read whole: refuse both first.
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { throw .unreadableFile(path: url.path, reason: "it is not a regular file (a FIFO, device or folder)") }
        if let size = attributes[.size] as? Int, size > sizeLimit {
            throw .unreadableFile(path: url.path, reason: "it has \(size) bytes, more than a tokenizer file's \(sizeLimit)")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(path: url.path, reason: "\(error)")
        }
    }

    /// `Data` decoded as JSON of type `T`.
    /// - Throws: `TokenizerError.corruptFile` with the decoder's reason.
    static func json<T: Decodable>(_ type: T.Type, from data: Data, source: String) throws(TokenizerError)
        -> T
    {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw .corruptFile(path: source, reason: describe(error))
        } catch {
            throw .corruptFile(path: source, reason: "\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty
                ? "top level"
                : path.map { $0.intValue.map(String.init) ?? $0.stringValue }
                    .joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context): return "not valid JSON at \(at(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "missing key \"\(key.stringValue)\" at \(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at \(at(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// A merge line `"a b"` as its two parts.
    static func mergePair(_ line: Substring, source: String) throws(TokenizerError) -> (String, String) {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw .corruptFile(
                path: source, reason: "merge \"\(line)\" is not two tokens separated by one space")
        }
        return (String(parts[0]), String(parts[1]))
    }
}
