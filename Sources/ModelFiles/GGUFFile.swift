import Foundation
import TensorCore

/// A GGUF file (versions 2 and 3), memory-mapped: metadata parsed on open, tensors dequantized
/// to Float32 on request (F32 tensors viewed in place).
///
/// Every count, string length, dimension and offset is checked against the file size before
/// anything is allocated, so damaged or hostile files fail fast with a `ModelFilesError`.
public struct GGUFFile: WeightSource {
    /// One tensor's description and place in the file.
    public struct Entry: Sendable, Equatable {
        public let name: String
        /// GGML type id as stored (0 = F32, 1 = F16, 8 = Q8_0 …).
        public let ggmlType: UInt32
        /// The type, when TokenGen can read it.
        public let dtype: DType?
        /// Dimensions outermost first (the file lists them innermost first).
        public let shape: [Int]
        /// Absolute byte range of the tensor's data in the file.
        public let byteRange: Range<Int>
    }

    /// The mapped file.
    public let file: MappedFile
    /// Format version (2 or 3).
    public let version: Int
    /// Every metadata key and value.
    public let metadata: [String: GGUFValue]
    /// `general.alignment` (32 when absent).
    public let alignment: Int
    /// Absolute offset of the tensor data section.
    public let dataOffset: Int
    /// Every tensor, in file order.
    public let entries: [Entry]
    private let byName: [String: Int]

    /// Most metadata values (array items included) decoded from one file: 8 Mi, about 200 MB decoded.
    /// The largest real tokenizers (262 144 tokens, their scores, types and ~500 000 merges) use ~1.3 Mi.
    public static let metadataValueLimit = 1 << 23
    /// Most tensors one file may declare (real models have well under 100 000).
    public static let tensorLimit = 1 << 20

    /// Versions this reader understands.
    public static let supportedVersions = [2, 3]

    /// Opens and validates the GGUF file at `url`.
    /// - Throws: `ModelFilesError` (bad magic, unsupported version, truncation, absurd counts …).
    public init(url: URL) throws {
        try self.init(file: MappedFile(url: url))
    }

    /// Parses an already opened (or, in the fuzz harness, in-memory) file.
    init(file: MappedFile) throws {
        self.file = file
        let name = file.name
        var r = ByteReader(file.bytes, file: name)
        try r.need(4, "magic")
        let magic = Array(file.bytes[0..<4])
        guard magic == Array("GGUF".utf8) else {
            throw ModelFilesError.badMagic(
                file: name, expected: "GGUF",
                found: String(decoding: magic.map { $0 < 0x80 ? $0 : 0x3f }, as: UTF8.self))
        }
        r.offset = 4
        let v = try r.read(UInt32.self, "version")
        guard Self.supportedVersions.contains(Int(v)) else {
            throw ModelFilesError.unsupportedVersion(
                file: name, version: Int(v), supported: Self.supportedVersions)
        }
        version = Int(v)
        // Peek both counts, then bound each by the smallest size of its records.
        let tensorCount = try r.read(UInt64.self, "tensor count")
        let kvCount = try r.count("metadata entries", minSize: 8 + 4 + 1)
        r.metadataValues = kvCount
        guard kvCount <= Self.metadataValueLimit else {
            throw ModelFilesError.metadataTooLarge(file: name, items: kvCount, limit: Self.metadataValueLimit)
        }
        guard tensorCount <= UInt64(r.remaining / (8 + 4 + 4 + 8)), tensorCount <= UInt64(Self.tensorLimit) else {
            throw ModelFilesError.countTooLarge(
                file: name, what: "tensors", count: tensorCount, fileSize: file.count)
        }
        var meta: [String: GGUFValue] = [:]
        meta.reserveCapacity(kvCount)
        for _ in 0..<kvCount {
            let key = try r.string()
            let type = try r.read(UInt32.self, "metadata value type")
            meta[key] = try r.ggufValue(type: type)
        }
        metadata = meta
        alignment = try Self.alignment(meta, file: name)
        var raw: [(name: String, type: UInt32, dims: [Int], offset: UInt64)] = []
        raw.reserveCapacity(Int(tensorCount))
        for _ in 0..<Int(tensorCount) { raw.append(try Self.tensorHeader(&r)) }
        let (aligned, overflow) = r.offset.addingReportingOverflow(alignment - 1)
        dataOffset = overflow ? Int.max : aligned / alignment * alignment
        var list: [Entry] = []
        list.reserveCapacity(raw.count)
        for t in raw {
            list.append(try Self.entry(t, dataOffset: dataOffset, alignment: alignment, file: file))
        }
        let sorted = list.filter { !$0.byteRange.isEmpty }.sorted {
            $0.byteRange.lowerBound < $1.byteRange.lowerBound
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.byteRange.lowerBound < a.byteRange.upperBound {
            throw ModelFilesError.overlappingTensors(file: name, first: a.name, second: b.name)
        }
        var index: [String: Int] = [:]
        for (i, e) in list.enumerated() {
            guard index.updateValue(i, forKey: e.name) == nil else {
                throw ModelFilesError.invalidHeader(file: name, reason: "tensor \(e.name) appears twice")
            }
        }
        entries = list
        byName = index
    }

    private static func alignment(_ meta: [String: GGUFValue], file: String) throws -> Int {
        guard let value = meta["general.alignment"] else { return 32 }
        guard let a = value.int, a > 0, a <= 1 << 20, a & (a - 1) == 0 else {
            throw ModelFilesError.invalidHeader(file: file, reason: "general.alignment is not a power of two")
        }
        return a
    }

    private static func tensorHeader(_ r: inout ByteReader) throws
        -> (name: String, type: UInt32, dims: [Int], offset: UInt64)
    {
        let name = try r.string()
        let nDims = try r.read(UInt32.self, "tensor dimension count")
        guard nDims <= 8 else {
            throw ModelFilesError.invalidHeader(
                file: r.file, reason: "tensor \(name) has \(nDims) dimensions")
        }
        var dims: [Int] = []
        for _ in 0..<nDims {
            let d = try r.read(UInt64.self, "tensor dimension")
            guard d <= UInt64(Int32.max) else {
                throw ModelFilesError.invalidHeader(file: r.file, reason: "tensor \(name) has dimension \(d)")
            }
            dims.append(Int(d))
        }
        let type = try r.read(UInt32.self, "tensor type")
        let offset = try r.read(UInt64.self, "tensor offset")
        return (name, type, dims, offset)
    }

    private static func entry(
        _ t: (name: String, type: UInt32, dims: [Int], offset: UInt64),
        dataOffset: Int, alignment: Int, file: MappedFile
    ) throws -> Entry {
        guard let layout = GGMLType.layout(t.type) else {
            throw ModelFilesError.unsupportedDType(
                file: file.name, tensor: t.name, dtype: "GGML type \(t.type)")
        }
        var count = 1
        for d in t.dims {
            let (p, o) = count.multipliedReportingOverflow(by: d)
            guard !o else {
                throw ModelFilesError.invalidHeader(file: file.name, reason: "tensor \(t.name) is too large")
            }
            count = p
        }
        guard (t.dims.first ?? 1) % layout.blockSize == 0 else {
            throw ModelFilesError.invalidHeader(
                file: file.name, reason: "tensor \(t.name): rows of \(t.dims.first ?? 1) are not whole blocks"
            )
        }
        guard t.offset % UInt64(alignment) == 0 else {
            throw ModelFilesError.invalidHeader(file: file.name, reason: "tensor \(t.name) is not aligned")
        }
        let (size, o1) = (count / layout.blockSize).multipliedReportingOverflow(by: layout.blockBytes)
        let start = UInt64(dataOffset).addingReportingOverflow(t.offset)
        let end = start.partialValue.addingReportingOverflow(UInt64(size))
        guard !o1, !start.overflow, !end.overflow, end.partialValue <= UInt64(file.count) else {
            throw ModelFilesError.tensorPastEnd(
                file: file.name, tensor: t.name, end: end.overflow ? .max : end.partialValue,
                fileSize: file.count)
        }
        return Entry(
            name: t.name, ggmlType: t.type, dtype: GGMLType.dtype(t.type), shape: t.dims.reversed(),
            byteRange: Int(start.partialValue)..<Int(end.partialValue))
    }

    // MARK: WeightSource

    /// Names of the tensors TokenGen can convert to Float32, in file order.
    public var tensorNames: [String] {
        entries.filter { $0.dtype?.isConvertibleToFloat ?? false }.map(\.name)
    }

    public func info(_ name: String) -> TensorInfo? {
        guard let i = byName[name], let dtype = entries[i].dtype else { return nil }
        return TensorInfo(name: name, shape: entries[i].shape, dtype: dtype)
    }

    public func tensor(_ name: String) throws -> Tensor {
        let e = try entry(named: name)
        guard let dtype = e.dtype, dtype.isConvertibleToFloat else {
            throw ModelFilesError.unsupportedDType(
                file: file.name, tensor: name, dtype: GGMLType.name(e.ggmlType))
        }
        let count = e.shape.reduce(1, *)
        guard count > 0, let base = file.bytes.baseAddress else { return Tensor(shape: e.shape, values: []) }
        let src = UnsafeRawPointer(base) + e.byteRange.lowerBound
        if dtype == .f32, e.byteRange.lowerBound % 4 == 0 {
            let floats = UnsafeBufferPointer(start: src.assumingMemoryBound(to: Float.self), count: count)
            return Tensor(shape: e.shape, storage: FloatStorage(borrowing: floats, owner: file))
        }
        return Tensor(
            shape: e.shape,
            storage: FloatStorage(count: count) { dst in
                if let d = dst.baseAddress { Dequantize.toFloat(dtype, src, count: count, into: d) }
            })
    }

    /// The entry of tensor `name`.
    /// - Throws: `missingTensor`.
    public func entry(named name: String) throws -> Entry {
        guard let i = byName[name] else { throw ModelFilesError.missingTensor(name: name, file: file.name) }
        return entries[i]
    }

    /// The tensor's bytes as stored (blocks of its type), valid while `file` is alive.
    public func rawTensorData(_ name: String) throws -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[try entry(named: name).byteRange])
    }
}
