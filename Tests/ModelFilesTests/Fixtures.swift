import Foundation
import TestScratch

/// Locates `../shared/fixtures` from this file: walk up to the folder holding Package.swift.
enum Fixtures {
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                break
            }
            dir = dir.deletingLastPathComponent()
        }
        return dir.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// A fresh empty temporary folder.
    static func tempFolder() throws -> URL {
        try TestScratch.folder("modelfiles")
    }

    /// Bytes of a safetensors file with the given JSON header and data section.
    static func safetensors(header: String, data: [UInt8]) -> Data {
        var out = Data()
        let h = Array(header.utf8)
        withUnsafeBytes(of: UInt64(h.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: h)
        out.append(contentsOf: data)
        return out
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }
}
