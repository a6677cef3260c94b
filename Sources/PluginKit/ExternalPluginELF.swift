/// What a plugin library's ELF file says about itself, read without loading it.
///
/// `dlopen` runs a library's constructors before TokenGen can look at anything, so the checks that can be
/// made on the file are made first: it is a 64-bit little-endian shared object for this machine, its
/// dynamic symbol table (`.dynsym`) defines `tokengen_plugin_entry` as a function (a data symbol there
/// would be called as code and crash the app), and, when it exports `tokengen_plugin_api_version` (a
/// constant `uint64_t`), that version is the one this TokenGen speaks. Every offset and size is checked
/// against the file, so a hostile file ends in `.notAPlugin`, never a crash.
public struct ExternalPluginELF: Sendable, Equatable {
    /// How a dynamic symbol is defined.
    public struct Symbol: Sendable, Equatable {
        /// ELF symbol type: 1 object, 2 function, 10 indirect function …
        public let type: UInt8
        /// Section index (0 = undefined: imported, not exported).
        public let section: UInt16
        /// Virtual address of the definition.
        public let value: UInt64
        /// Size in bytes.
        public let size: UInt64

        public var isDefinedFunction: Bool { type == 2 && section != 0 }
    }

    /// The entry symbol's definition, when the file exports one.
    public let entry: Symbol?
    /// The value of `tokengen_plugin_api_version`, when the file exports that constant.
    public let apiVersion: UInt64?

    /// The optional exported constant that states the API version in the file.
    public static let versionSymbol = "tokengen_plugin_api_version"

    /// `EM_X86_64` or `EM_AARCH64`, for this build.
    static var hostMachine: UInt16 {
        #if arch(x86_64)
            62
        #elseif arch(arm64)
            183
        #else
            0
        #endif
    }

    /// Parses `bytes`, the whole library file.
    /// - Throws: `.notAPlugin` saying what is wrong.
    public init(bytes: UnsafeRawBufferPointer, path: String) throws(ExternalPluginError) {
        func bad(_ reason: String) -> ExternalPluginError { .notAPlugin(path: path, reason: reason) }
        func u8(_ o: Int) throws(ExternalPluginError) -> UInt8 {
            guard o >= 0, o < bytes.count else { throw bad("it is truncated") }
            return bytes[o]
        }
        func u16(_ o: Int) throws(ExternalPluginError) -> UInt16 {
            guard o >= 0, o <= bytes.count - 2 else { throw bad("it is truncated") }
            return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt16.self))
        }
        func u32(_ o: Int) throws(ExternalPluginError) -> UInt32 {
            guard o >= 0, o <= bytes.count - 4 else { throw bad("it is truncated") }
            return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt32.self))
        }
        func u64(_ o: Int) throws(ExternalPluginError) -> UInt64 {
            guard o >= 0, o <= bytes.count - 8 else { throw bad("it is truncated") }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self))
        }
        /// A file offset from a 64-bit field, checked to lie inside the file.
        func offset(_ v: UInt64) throws(ExternalPluginError) -> Int {
            guard v <= UInt64(bytes.count) else { throw bad("an offset points past the end of the file") }
            return Int(v)
        }

        guard bytes.count >= 64, try u32(0) == 0x464c_457f else { throw bad("it is not an ELF file") }
        guard try u8(4) == 2, try u8(5) == 1 else { throw bad("it is not a 64-bit little-endian ELF file") }
        guard try u16(16) == 3 else { throw bad("it is not a shared library (ELF type \(try u16(16)))") }
        guard try u16(18) == Self.hostMachine else {
            throw bad("it is built for another processor (ELF machine \(try u16(18)))")
        }
        let sectionTable = try offset(try u64(40))
        let entrySize = Int(try u16(58)), sectionCount = Int(try u16(60))
        guard sectionCount > 0, entrySize >= 64, sectionTable <= bytes.count - sectionCount * entrySize else {
            throw bad("it has no readable section headers")
        }
        struct Section { let type: UInt32, address: UInt64, offset: Int, size: Int, link: Int, entry: Int }
        var sections: [Section] = []
        for i in 0..<sectionCount {
            let h = sectionTable + i * entrySize
            let type = try u32(h + 4)
            let fileOffset = try offset(try u64(h + 24))
            let size = try u64(h + 32)
            // SHT_NOBITS (.bss) occupies no bytes of the file.
            let fileSize = type == 8 ? 0 : try offset(size)
            guard type == 8 || fileSize <= bytes.count - fileOffset else {
                throw bad("section \(i) lies past the end of the file")
            }
            sections.append(
                Section(
                    type: type, address: try u64(h + 16), offset: fileOffset, size: fileSize,
                    link: Int(try u32(h + 40)), entry: Int(truncatingIfNeeded: try u64(h + 56))))
        }
        guard let dynsym = sections.first(where: { $0.type == 11 }) else {
            throw bad("it has no dynamic symbol table (.dynsym)")
        }
        guard dynsym.link < sections.count, dynsym.entry == 24 else {
            throw bad("its dynamic symbol table is malformed")
        }
        let strings = sections[dynsym.link]
        func name(at index: Int) throws(ExternalPluginError) -> [UInt8] {
            guard index >= 0, index < strings.size else { throw bad("a symbol name lies outside its table") }
            let start = strings.offset + index
            var end = start
            let limit = strings.offset + strings.size
            while end < limit, bytes[end] != 0, end - start < 256 { end += 1 }
            return Array(bytes[start..<end])
        }
        let entryName = Array(ExternalPluginABI.entrySymbol.utf8)
        let versionName = Array(Self.versionSymbol.utf8)
        var entry: Symbol?
        var version: Symbol?
        for i in 0..<(dynsym.size / 24) {
            let s = dynsym.offset + i * 24
            let symbolName = try name(at: Int(try u32(s)))
            guard symbolName == entryName || symbolName == versionName else { continue }
            let symbol = Symbol(
                type: try u8(s + 4) & 0xf, section: try u16(s + 6), value: try u64(s + 8), size: try u64(s + 16))
            if symbolName == entryName { entry = symbol } else { version = symbol }
        }
        self.entry = entry
        if let version, version.section != 0 {
            guard version.type == 1, version.size == 8,
                let home = sections.first(where: {
                    $0.type != 8 && version.value >= $0.address && version.value - $0.address <= UInt64($0.size)
                        && version.value - $0.address + 8 <= UInt64($0.size)
                })
            else {
                throw bad("\(Self.versionSymbol) must be a constant uint64_t with its value in the file")
            }
            apiVersion = try u64(home.offset + Int(version.value - home.address))
        } else {
            apiVersion = nil
        }
    }
}
