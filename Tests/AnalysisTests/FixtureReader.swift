import Foundation

/// Minimal safetensors reader for the test target (ModelFiles is not a dependency here):
/// 8-byte little-endian header length, JSON header, raw little-endian F32/I32 data.
struct FixtureTensors {
    struct Entry {
        let dtype: String
        let shape: [Int]
        let start: Int
        let end: Int
    }

    let data: Data
    let headerEnd: Int
    let entries: [String: Entry]

    enum ReadError: Error { case badHeader, missing(String), wrongType(String) }

    init(url: URL) throws {
        data = try Data(contentsOf: url)
        guard data.count >= 8 else { throw ReadError.badHeader }
        var length = 0
        for i in 0 ..< 8 { length |= Int(data[data.startIndex + i]) << (8 * i) }
        headerEnd = 8 + length
        guard headerEnd <= data.count else { throw ReadError.badHeader }
        let json = try JSONSerialization.jsonObject(with: data.subdata(in: 8 ..< headerEnd))
        guard let header = json as? [String: Any] else { throw ReadError.badHeader }
        var entries = [String: Entry]()
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int],
                  offsets.count == 2 else { throw ReadError.badHeader }
            entries[name] = Entry(dtype: dtype, shape: shape, start: offsets[0], end: offsets[1])
        }
        self.entries = entries
    }

    func floats(_ name: String) throws -> (shape: [Int], values: [Float]) {
        guard let e = entries[name] else { throw ReadError.missing(name) }
        guard e.dtype == "F32" else { throw ReadError.wrongType(name) }
        let bytes = data.subdata(in: headerEnd + e.start ..< headerEnd + e.end)
        let values = bytes.withUnsafeBytes { raw in
            (0 ..< bytes.count / 4).map {
                Float(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self).littleEndian)
            }
        }
        return (e.shape, values)
    }

    func ints(_ name: String) throws -> (shape: [Int], values: [Int]) {
        guard let e = entries[name] else { throw ReadError.missing(name) }
        guard e.dtype == "I32" else { throw ReadError.wrongType(name) }
        let bytes = data.subdata(in: headerEnd + e.start ..< headerEnd + e.end)
        let values = bytes.withUnsafeBytes { raw in
            (0 ..< bytes.count / 4).map {
                Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)))
            }
        }
        return (e.shape, values)
    }
}

/// The folder `../shared/fixtures` next to the package root, found from this file's path.
func fixturesURL(filePath: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
        }
        url = url.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: "/work/shared/fixtures")
}

/// The clustering fixture's metrics (from `smollm2_heads.json`).
struct ClusteringReference {
    let trustworthiness: Double
    let kmeansInertia: Double
    let kmeansRawInertia: Double

    static func load(_ variant: String) throws -> ClusteringReference {
        let url = fixturesURL().appendingPathComponent("clustering/smollm2_heads.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let root = json as? [String: Any], let part = root[variant] as? [String: Any],
              let t = part["trustworthiness"] as? Double, let i = part["kmeans_inertia"] as? Double,
              let r = part["kmeans_raw_inertia"] as? Double else { throw FixtureTensors.ReadError.badHeader }
        return ClusteringReference(trustworthiness: t, kmeansInertia: i, kmeansRawInertia: r)
    }
}
