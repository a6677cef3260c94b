import Foundation
import TensorCore

/// A `.safetensors` file, memory-mapped: F32 tensors are viewed in place, F16/BF16 converted on request.
///
/// Layout: an 8-byte little-endian header length N, N bytes of JSON
/// (`{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}`),
/// then the data section that the offsets index. Every offset, size and overlap is checked when the
/// file is opened, so `tensor(_:)` never reads outside the file.
public struct SafetensorsFile: WeightSource {
    /// One tensor's place in the file.
    public struct Entry: Sendable, Equatable {
        public let name: String
        /// The dtype as the file spells it (`F32`, `I32`, …).
        public let dtypeName: String
        /// Dimensions outermost first.
        public let shape: [Int]
        /// Absolute byte range in the file.
        public let byteRange: Range<Int>
    }

    /// The mapped file (tensors borrow from it).
    public let file: MappedFile
    /// String metadata of the `__metadata__` entry.
    public let metadata: [String: String]
    /// Every tensor in file order, including dtypes TokenGen cannot convert.
    public let entries: [Entry]
    private let byName: [String: Int]

    /// Largest JSON header read: 24 MiB (the format allows 100 MB, which would parse into ~2 GB).
    public static let headerLimit = 24 << 20
    /// Most tensors one header may declare. Foundation's JSON parser builds a dictionary per entry (about
    /// 13 µs and 4 KB each here), so 300,000 empty entries in a 20 MB header took 3.8 s and 1.2 GB before
    /// any check; the largest real shards declare a few thousand.
    public static let entryLimit = 100_000

    /// Opens and validates the file at `url`.
    /// - Throws: `ModelFilesError` naming what is wrong (truncation, bad header, size mismatch, overlap).
    public init(url: URL) throws {
        try self.init(file: MappedFile(url: url))
    }

    /// Parses an already opened (or, in the fuzz harness, in-memory) file.
    /// How many times `needle` occurs in `bytes` (non-overlapping).
    static func count(of needle: [UInt8], in bytes: UnsafeRawBufferPointer) -> Int {
        guard let first = needle.first, bytes.count >= needle.count else { return 0 }
        var found = 0
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first, needle.indices.allSatisfy({ bytes[i + $0] == needle[$0] }) {
                found += 1
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }

    init(file: MappedFile) throws {
        self.file = file
        let name = file.name
        let size = file.count
        guard size >= 8 else {
            throw ModelFilesError.headerPastEnd(file: name, what: "header length", needed: 8, fileSize: size)
        }
        let headerLength = file.bytes.loadUnaligned(as: UInt64.self).littleEndian
        guard headerLength <= UInt64(size - 8) else {
            let (needed, overflow) = headerLength.addingReportingOverflow(8)
            throw ModelFilesError.headerPastEnd(
                file: name, what: "JSON header", needed: overflow ? .max : needed, fileSize: size)
        }
        // Parsed JSON takes ~20× its size in memory and ~0.15 s per MB here: a header past the limit is
        // refused before parsing (the largest real ones, 100 000-tensor shards, are ~15 MB).
        guard headerLength <= UInt64(Self.headerLimit) else {
            throw ModelFilesError.invalidHeader(
                file: name,
                reason: "the JSON header claims \(headerLength) bytes, more than the \(Self.headerLimit) TokenGen reads")
        }
        let dataStart = 8 + Int(headerLength)
        // Every entry names its `data_offsets`: count them before parsing builds an object per entry.
        let declared = Self.count(of: Array("data_offsets".utf8), in: UnsafeRawBufferPointer(rebasing: file.bytes[8..<dataStart]))
        guard declared <= Self.entryLimit else {
            throw ModelFilesError.invalidHeader(
                file: name,
                reason: "the JSON header declares more than \(Self.entryLimit) tensors (\(declared) data_offsets)")
        }
        let json = Data(file.bytes[8..<dataStart])
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: json) } catch {
            throw ModelFilesError.invalidHeader(file: name, reason: "the JSON header does not parse")
        }
        guard let dict = root as? [String: Any] else {
            throw ModelFilesError.invalidHeader(file: name, reason: "the JSON header is not an object")
        }
        var meta: [String: String] = [:]
        var list: [Entry] = []
        for (key, value) in dict {
            if key == "__metadata__" {
                for (k, v) in (value as? [String: Any]) ?? [:] { meta[k] = v as? String }
                continue
            }
            list.append(try Self.entry(key, value, dataStart: dataStart, file: name, size: size))
        }
        list.sort { ($0.byteRange.lowerBound, $0.name) < ($1.byteRange.lowerBound, $1.name) }
        var previous: Entry?
        for e in list where !e.byteRange.isEmpty {
            if let p = previous, e.byteRange.lowerBound < p.byteRange.upperBound {
                throw ModelFilesError.overlappingTensors(file: name, first: p.name, second: e.name)
            }
            previous = e
        }
        metadata = meta
        entries = list
        byName = Dictionary(list.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Validates one header entry.
    private static func entry(_ key: String, _ value: Any, dataStart: Int, file: String, size: Int) throws
        -> Entry
    {
        guard let d = value as? [String: Any], let dtype = d["dtype"] as? String,
            let shapeAny = d["shape"] as? [Any], let offsAny = d["data_offsets"] as? [Any], offsAny.count == 2
        else {
            throw ModelFilesError.invalidHeader(
                file: file, reason: "entry \(key) lacks dtype, shape or data_offsets")
        }
        let shape = shapeAny.compactMap { ($0 as? Int).flatMap { $0 >= 0 ? $0 : nil } }
        let offsets = offsAny.compactMap { ($0 as? Int).flatMap { $0 >= 0 ? $0 : nil } }
        guard shape.count == shapeAny.count, offsets.count == 2, offsets[0] <= offsets[1] else {
            throw ModelFilesError.invalidHeader(
                file: file, reason: "entry \(key) has a bad shape or data_offsets")
        }
        let (end, overflow) = dataStart.addingReportingOverflow(offsets[1])
        guard !overflow, end <= size else {
            throw ModelFilesError.tensorPastEnd(
                file: file, tensor: key, end: UInt64(dataStart) + UInt64(offsets[1]), fileSize: size)
        }
        let actual = UInt64(offsets[1] - offsets[0])
        guard byteCount(shape: shape, elementSize: 1) != nil else {
            throw ModelFilesError.invalidHeader(file: file, reason: "entry \(key) has too many elements")
        }
        if let width = elementSize(dtype) {
            let expected = byteCount(shape: shape, elementSize: width)
            guard expected == actual else {
                throw ModelFilesError.sizeMismatch(
                    file: file, tensor: key, expectedBytes: expected ?? .max, actualBytes: actual)
            }
        }
        return Entry(name: key, dtypeName: dtype, shape: shape, byteRange: (dataStart + offsets[0])..<end)
    }

    /// Bytes per element of a safetensors dtype, nil when unknown.
    static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64", "U64": 8
        case "F32", "I32", "U32": 4
        case "F16", "BF16", "I16", "U16": 2
        case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2": 1
        default: nil
        }
    }

    /// `product(shape) × elementSize`, nil on overflow.
    static func byteCount(shape: [Int], elementSize: Int) -> UInt64? {
        var total = UInt64(elementSize)
        for dim in shape {
            let (p, o) = total.multipliedReportingOverflow(by: UInt64(dim))
            if o { return nil }
            total = p
        }
        return total
    }

    // MARK: WeightSource

    /// Names of the tensors TokenGen can convert to Float32, in file order.
    public var tensorNames: [String] {
        entries.filter { DType(rawValue: $0.dtypeName).map(Self.isFloat) ?? false }.map(\.name)
    }

    public func info(_ name: String) -> TensorInfo? {
        guard let i = byName[name], let dtype = DType(rawValue: entries[i].dtypeName) else { return nil }
        return TensorInfo(name: name, shape: entries[i].shape, dtype: dtype)
    }

    public func tensor(_ name: String) throws -> Tensor {
        guard let i = byName[name] else { throw ModelFilesError.missingTensor(name: name, file: file.name) }
        let e = entries[i]
        let count = e.shape.reduce(1, *)
        let src = file.bytes.baseAddress.map { UnsafeRawPointer($0) + e.byteRange.lowerBound }
        guard let src else { return Tensor(shape: e.shape, values: []) }
        switch e.dtypeName {
        case "F32" where e.byteRange.lowerBound % 4 == 0:
            let floats = UnsafeBufferPointer(start: src.assumingMemoryBound(to: Float.self), count: count)
            return Tensor(shape: e.shape, storage: FloatStorage(borrowing: floats, owner: file))
        case "F32":
            return Tensor(
                shape: e.shape,
                storage: FloatStorage(count: count) { dst in
                    if let d = dst.baseAddress { HalfFloat.copyFloat32(src, count: count, into: d) }
                })
        case "F16":
            return Tensor(
                shape: e.shape,
                storage: FloatStorage(count: count) { dst in
                    if let d = dst.baseAddress { HalfFloat.convertHalf(src, count: count, into: d) }
                })
        case "BF16":
            return Tensor(
                shape: e.shape,
                storage: FloatStorage(count: count) { dst in
                    if let d = dst.baseAddress { HalfFloat.convertBF16(src, count: count, into: d) }
                })
        default:
            throw ModelFilesError.unsupportedDType(file: file.name, tensor: name, dtype: e.dtypeName)
        }
    }

    /// An I32 tensor's shape and values (token ids, labels in reference files).
    /// - Throws: `missingTensor`, or `wrongDType` when the tensor is not I32.
    public func int32Tensor(_ name: String) throws -> (shape: [Int], values: [Int32]) {
        guard let i = byName[name] else { throw ModelFilesError.missingTensor(name: name, file: file.name) }
        let e = entries[i]
        guard e.dtypeName == "I32" else {
            throw ModelFilesError.wrongDType(
                file: file.name, tensor: name, expected: "I32", found: e.dtypeName)
        }
        let raw = UnsafeRawBufferPointer(rebasing: file.bytes[e.byteRange])
        let values = (0..<(raw.count / 4)).map {
            Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))
        }
        return (e.shape, values)
    }

    private static func isFloat(_ d: DType) -> Bool { d == .f32 || d == .f16 || d == .bf16 }
}
