import Foundation
import TensorCore

/// A `pytorch_model.bin` saved by `torch.save` (zip of `data.pkl` + one member per storage),
/// read without executing its pickle (see `RestrictedPickle`).
public struct PyTorchCheckpoint: WeightSource {
    /// The mapped file.
    public let file: MappedFile
    public let tensorNames: [String]
    private let tensors: [String: (info: PickleTensor, dtype: DType?, bytes: Range<Int>)]

    /// Opens the checkpoint at `url`, checking every tensor's extent against its storage.
    /// - Throws: `invalidArchive`, `unsafePickle` (a global outside the allow-list),
    ///   `unsupportedPickle`, `tensorPastEnd`.
    public init(url: URL) throws {
        try self.init(file: MappedFile(url: url))
    }

    /// Parses an already opened (or, in the fuzz harness, in-memory) file.
    init(file: MappedFile) throws {
        self.file = file
        let name = file.name
        let archive = try ZipArchive(file.bytes, file: name)
        guard let pkl = archive.entries.keys.filter({ $0 == "data.pkl" || $0.hasSuffix("/data.pkl") }).min()
        else {
            throw ModelFilesError.invalidArchive(file: name, reason: "no data.pkl member")
        }
        let prefix = String(pkl.dropLast("data.pkl".count))
        let pklRange = archive.entries[pkl] ?? 0..<0
        let root = try RestrictedPickle(file: name).load(
            UnsafeRawBufferPointer(rebasing: file.bytes[pklRange]))
        var pairs: [(PickleValue, PickleValue)] = []
        if case .dict(let d, _) = root { pairs = d }
        if let inner = pairs.first(where: { if case .string("state_dict") = $0.0 { true } else { false } }),
            case .dict(let d, _) = inner.1
        {
            pairs = d
        }
        var names: [String] = []
        var found: [String: (info: PickleTensor, dtype: DType?, bytes: Range<Int>)] = [:]
        for (k, v) in pairs {
            guard case .string(let key) = k, case .tensor(let t) = v else { continue }
            let member = prefix + "data/" + t.storageKey
            guard let range = archive.entries[member] else {
                throw ModelFilesError.invalidArchive(
                    file: name, reason: "storage \(member) of \(key) is missing")
            }
            let width = RestrictedPickle.storageTypes[t.storageType] ?? 1
            guard t.offset >= 0, t.shape.allSatisfy({ $0 >= 0 }), t.strides.allSatisfy({ $0 >= 0 }) else {
                throw ModelFilesError.unsupportedPickle(
                    file: name, reason: "negative offset, size or stride in \(key)")
            }
            let needed = Self.bytesTouched(t, width: width)
            guard let needed, needed <= range.count else {
                // `fileSize` here is where the storage's bytes end.
                let end = needed.map { UInt64(range.lowerBound) + UInt64($0) } ?? .max
                throw ModelFilesError.tensorPastEnd(
                    file: name, tensor: key, end: end, fileSize: range.upperBound)
            }
            let dtype: DType? =
                switch t.storageType {
                case "FloatStorage": .f32
                case "HalfStorage": .f16
                case "BFloat16Storage": .bf16
                default: nil
                }
            if found[key] == nil { names.append(key) }
            found[key] = (t, dtype, range)
        }
        tensorNames = names.filter { found[$0]?.dtype != nil }
        tensors = found
    }

    /// Bytes of storage a view needs (from the storage start to its last element), nil on overflow or
    /// when the view has more elements than bytes allow (broadcast views, which state dicts never hold).
    static func bytesTouched(_ t: PickleTensor, width: Int) -> Int? {
        var count = 1
        for dim in t.shape {
            let (c, o) = count.multipliedReportingOverflow(by: dim)
            if o { return nil }
            count = c
        }
        if count == 0 { return 0 }
        var last = t.offset
        for (dim, stride) in zip(t.shape, t.strides) {
            let (span, o1) = (dim - 1).multipliedReportingOverflow(by: stride)
            let (sum, o2) = last.addingReportingOverflow(span)
            if o1 || o2 { return nil }
            last = sum
        }
        let (next, o3) = last.addingReportingOverflow(1)
        let (end, o4) = next.multipliedReportingOverflow(by: width)
        let (size, o5) = count.multipliedReportingOverflow(by: width)
        return o3 || o4 || o5 || size > end ? nil : end
    }

    public func info(_ name: String) -> TensorInfo? {
        guard let t = tensors[name], let dtype = t.dtype else { return nil }
        return TensorInfo(name: name, shape: t.info.shape, dtype: dtype)
    }

    public func tensor(_ name: String) throws -> Tensor {
        guard let t = tensors[name] else { throw ModelFilesError.missingTensor(name: name, file: file.name) }
        guard let dtype = t.dtype else {
            throw ModelFilesError.unsupportedDType(file: file.name, tensor: name, dtype: t.info.storageType)
        }
        let shape = t.info.shape, strides = t.info.strides
        let count = shape.reduce(1, *)
        guard count > 0, let base = file.bytes.baseAddress else { return Tensor(shape: shape, values: []) }
        let width = dtype.blockBytes
        let src = UnsafeRawPointer(base) + t.bytes.lowerBound + t.info.offset * width
        var contiguous = 1, isContiguous = true
        for (dim, stride) in zip(shape, strides).reversed() where dim > 1 {
            if stride != contiguous { isContiguous = false }
            contiguous *= dim
        }
        return Tensor(
            shape: shape,
            storage: FloatStorage(count: count) { dst in
                guard let d = dst.baseAddress else { return }
                if isContiguous {
                    Dequantize.toFloat(dtype, src, count: count, into: d)
                    return
                }
                // Strided view: gather element by element in row-major order.
                var index = [Int](repeating: 0, count: shape.count)
                for i in 0..<count {
                    var at = 0
                    for (k, s) in zip(index, strides) { at += k * s }
                    Dequantize.toFloat(dtype, src + at * width, count: 1, into: d + i)
                    var axis = shape.count - 1
                    while axis >= 0 {
                        index[axis] += 1
                        if index[axis] < shape[axis] { break }
                        index[axis] = 0
                        axis -= 1
                    }
                }
            })
    }
}
