/// A value built by the restricted unpickler: only what a PyTorch state dict contains.
indirect enum PickleValue {
    case none, bool(Bool), int(Int), float(Double), string(String)
    /// Containers carry their nesting depth, so depth is bounded without walking them.
    case tuple([PickleValue], depth: Int), list([PickleValue], depth: Int)
    case dict([(PickleValue, PickleValue)], depth: Int)
    /// An allow-listed callable or storage type, as `module.name`.
    case global(String)
    /// A tensor storage: its zip member key, element type (`HalfStorage` …) and element count.
    case storage(key: String, type: String, count: Int)
    /// A tensor view of a storage (offset, shape, strides in elements).
    case tensor(PickleTensor)
    case mark

    /// Nesting depth: 0 for scalars.
    var depth: Int {
        switch self {
        case .tuple(_, let d), .list(_, let d), .dict(_, let d): d
        default: 0
        }
    }
}

/// A tensor as `_rebuild_tensor_v2` describes it.
struct PickleTensor {
    let storageKey: String
    let storageType: String
    let storageCount: Int
    let offset: Int
    let shape: [Int]
    let strides: [Int]
}

/// A pickle reader that never executes anything, like `torch.load(weights_only=True)`.
///
/// It understands the opcodes a state dict uses and calls only allow-listed constructors,
/// interpreting them itself (`_rebuild_tensor_v2`, `_rebuild_parameter`, `OrderedDict`, storage
/// types). Any other global (for example `posix.system`) is refused before anything happens.
struct RestrictedPickle {
    static let allowedCallables: Set<String> = [
        "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter", "collections.OrderedDict",
    ]
    static let storageTypes: [String: Int] = [
        "FloatStorage": 4, "HalfStorage": 2, "BFloat16Storage": 2, "DoubleStorage": 8,
        "LongStorage": 8, "IntStorage": 4, "ShortStorage": 2, "CharStorage": 1, "ByteStorage": 1,
        "BoolStorage": 1,
    ]

    /// Deepest container nesting accepted (a state dict needs 4).
    static let maxDepth = 64

    let file: String

    /// Unpickles `bytes` to its root value.
    func load(_ bytes: UnsafeRawBufferPointer) throws -> PickleValue {
        var r = ByteReader(bytes, file: file)
        var stack: [PickleValue] = []
        var memo: [Int: PickleValue] = [:]
        // Elements copied while appending to containers (value semantics); bounded so that a
        // hostile pickle cannot make the reader work quadratically.
        var copyBudget = 10_000_000 + 100 * bytes.count
        func unsupported(_ why: String) -> ModelFilesError { .unsupportedPickle(file: file, reason: why) }
        func pop() throws -> PickleValue {
            guard let v = stack.popLast() else { throw unsupported("stack underflow") }
            return v
        }
        func popToMark() throws -> [PickleValue] {
            guard let m = stack.lastIndex(where: { if case .mark = $0 { true } else { false } }) else {
                throw unsupported("MARK missing")
            }
            let items = Array(stack[(m + 1)...])
            stack.removeSubrange(m...)
            return items
        }
        func text(_ n: Int) throws -> String {
            try r.need(n, "pickle string")
            let s = String(
                decoding: UnsafeRawBufferPointer(rebasing: bytes[r.offset..<(r.offset + n)]), as: UTF8.self)
            r.offset += n
            return s
        }
        func line() throws -> String {
            guard let nl = bytes[r.offset...].firstIndex(of: 0x0a) else {
                throw unsupported("unterminated GLOBAL")
            }
            let s = try text(nl - r.offset)
            r.offset += 1
            return s
        }
        func tuple(_ items: [PickleValue]) throws -> PickleValue {
            let d = 1 + (items.map(\.depth).max() ?? 0)
            guard d <= Self.maxDepth else {
                throw unsupported("containers nested deeper than \(Self.maxDepth)")
            }
            return .tuple(items, depth: d)
        }
        func extend(_ items: [PickleValue], pairs: Bool) throws {
            guard let last = stack.popLast() else { throw unsupported("stack underflow") }
            let d = max(last.depth, 1 + (items.map(\.depth).max() ?? 0))
            guard d <= Self.maxDepth else {
                throw unsupported("containers nested deeper than \(Self.maxDepth)")
            }
            copyBudget -= items.count
            switch last {
            case .list(var l, _) where !pairs:
                copyBudget -= l.count
                l.append(contentsOf: items)
                stack.append(.list(l, depth: d))
            case .dict(var m, _) where pairs && items.count % 2 == 0:
                copyBudget -= m.count
                for i in stride(from: 0, to: items.count, by: 2) { m.append((items[i], items[i + 1])) }
                stack.append(.dict(m, depth: d))
            default:
                throw unsupported(pairs ? "SETITEMS on a non-dict" : "APPEND to a non-list")
            }
            guard copyBudget >= 0 else { throw unsupported("too many container updates") }
        }
        while true {
            let op = try r.read(UInt8.self, "pickle opcode")
            switch op {
            case 0x80: _ = try r.read(UInt8.self, "pickle protocol")  // PROTO
            case 0x95: _ = try r.read(UInt64.self, "pickle frame")  // FRAME
            case 0x2e: return try pop()  // STOP
            case 0x7d: stack.append(.dict([], depth: 1))  // EMPTY_DICT
            case 0x5d: stack.append(.list([], depth: 1))  // EMPTY_LIST
            case 0x29: stack.append(.tuple([], depth: 1))  // EMPTY_TUPLE
            case 0x28: stack.append(.mark)  // MARK
            case 0x4e: stack.append(.none)
            case 0x88: stack.append(.bool(true))
            case 0x89: stack.append(.bool(false))
            case 0x4a: stack.append(.int(Int(try r.read(Int32.self, "BININT"))))
            case 0x4b: stack.append(.int(Int(try r.read(UInt8.self, "BININT1"))))
            case 0x4d: stack.append(.int(Int(try r.read(UInt16.self, "BININT2"))))
            case 0x8a:  // LONG1: little-endian two's complement of n ≤ 8 bytes
                let n = Int(try r.read(UInt8.self, "LONG1"))
                guard n <= 8 else { throw unsupported("integer of \(n) bytes") }
                try r.need(n, "LONG1")
                var v: UInt64 = 0
                for i in 0..<n { v |= UInt64(bytes[r.offset + i]) << (8 * UInt64(i)) }
                if n > 0, n < 8, bytes[r.offset + n - 1] & 0x80 != 0 { v |= ~0 << (8 * UInt64(n)) }
                r.offset += n
                stack.append(.int(Int(truncatingIfNeeded: v)))
            case 0x47:
                stack.append(
                    .float(Double(bitPattern: UInt64(bigEndian: try r.read(UInt64.self, "BINFLOAT")))))
            case 0x58: stack.append(.string(try text(Int(try r.read(UInt32.self, "BINUNICODE")))))
            case 0x8c: stack.append(.string(try text(Int(try r.read(UInt8.self, "SHORT_BINUNICODE")))))
            case 0x55: stack.append(.string(try text(Int(try r.read(UInt8.self, "SHORT_BINSTRING")))))
            case 0x8d:
                let n = try r.read(UInt64.self, "BINUNICODE8")
                guard n <= UInt64(r.remaining) else {
                    throw ModelFilesError.stringTooLong(
                        file: file, length: n, offset: r.offset, fileSize: bytes.count)
                }
                stack.append(.string(try text(Int(n))))
            case 0x74: stack.append(try tuple(try popToMark()))  // TUPLE
            case 0x85: stack.append(try tuple([try pop()]))
            case 0x86: let b = try pop(), a = try pop(); stack.append(try tuple([a, b]))
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); stack.append(try tuple([a, b, c]))
            case 0x71: memo[Int(try r.read(UInt8.self, "BINPUT"))] = try top(stack)
            case 0x72: memo[Int(try r.read(UInt32.self, "LONG_BINPUT"))] = try top(stack)
            case 0x94: memo[memo.count] = try top(stack)  // MEMOIZE
            case 0x68, 0x6a:  // BINGET, LONG_BINGET
                let k =
                    op == 0x68
                    ? Int(try r.read(UInt8.self, "BINGET")) : Int(try r.read(UInt32.self, "LONG_BINGET"))
                guard let v = memo[k] else { throw unsupported("memo \(k) read before it was written") }
                stack.append(v)
            case 0x63:  // GLOBAL "module\nname\n"
                let module = try line(), name = try line()
                stack.append(try global("\(module).\(name)"))
            case 0x93:  // STACK_GLOBAL
                guard case .string(let name) = try pop(), case .string(let module) = try pop() else {
                    throw unsupported("STACK_GLOBAL without strings")
                }
                stack.append(try global("\(module).\(name)"))
            case 0x51: stack.append(try persistent(try pop()))  // BINPERSID
            case 0x52:  // REDUCE
                let args = try pop(), callable = try pop()
                stack.append(try call(callable, args))
            case 0x62: _ = try pop()  // BUILD: state of an OrderedDict or tensor, not needed
            case 0x73:  // SETITEM
                let v = try pop(), k = try pop()
                try extend([k, v], pairs: true)
            case 0x75: try extend(try popToMark(), pairs: true)  // SETITEMS
            case 0x61: try extend([try pop()], pairs: false)  // APPEND
            case 0x65: try extend(try popToMark(), pairs: false)  // APPENDS
            default:
                throw unsupported("opcode 0x\(String(op, radix: 16))")
            }
        }
    }

    private func top(_ stack: [PickleValue]) throws -> PickleValue {
        guard let v = stack.last else {
            throw ModelFilesError.unsupportedPickle(file: file, reason: "empty stack")
        }
        return v
    }

    /// Accepts only allow-listed callables and storage types.
    private func global(_ name: String) throws -> PickleValue {
        if Self.allowedCallables.contains(name) { return .global(name) }
        if name.hasPrefix("torch."), Self.storageTypes[String(name.dropFirst(6))] != nil {
            return .global(name)
        }
        throw ModelFilesError.unsafePickle(file: file, global: name)
    }

    /// `('storage', StorageType, key, location, count)` → a storage.
    private func persistent(_ pid: PickleValue) throws -> PickleValue {
        guard case .tuple(let t, _) = pid, t.count == 5, case .string("storage") = t[0],
            case .global(let type) = t[1], case .string(let key) = t[2], case .int(let count) = t[4],
            count >= 0
        else { throw ModelFilesError.unsupportedPickle(file: file, reason: "persistent id is not a storage") }
        return .storage(key: key, type: String(type.dropFirst(6)), count: count)
    }

    /// Interprets an allow-listed call; nothing is executed.
    private func call(_ callable: PickleValue, _ args: PickleValue) throws -> PickleValue {
        guard case .global(let name) = callable, case .tuple(let a, _) = args else {
            throw ModelFilesError.unsupportedPickle(file: file, reason: "REDUCE of a non-callable")
        }
        func ints(_ v: PickleValue) -> [Int]? {
            guard case .tuple(let t, _) = v else { return nil }
            let xs = t.compactMap { if case .int(let i) = $0 { i } else { nil } }
            return xs.count == t.count ? xs : nil
        }
        switch name {
        case "collections.OrderedDict": return .dict([], depth: 1)
        case "torch._utils._rebuild_parameter":
            guard let first = a.first, case .tensor = first else { break }
            return first
        case "torch._utils._rebuild_tensor_v2":
            guard a.count >= 4, case .storage(let key, let type, let count) = a[0],
                case .int(let offset) = a[1],
                let shape = ints(a[2]), let strides = ints(a[3]), shape.count == strides.count
            else { break }
            return .tensor(
                PickleTensor(
                    storageKey: key, storageType: type, storageCount: count,
                    offset: offset, shape: shape, strides: strides))
        default: break
        }
        throw ModelFilesError.unsupportedPickle(file: file, reason: "unexpected arguments to \(name)")
    }
}
