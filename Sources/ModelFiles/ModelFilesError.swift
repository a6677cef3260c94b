/// Everything that can go wrong reading a model's files; each message says what is wrong and what to do.
public enum ModelFilesError: Error, Equatable, CustomStringConvertible {
    /// No path, cache entry or bundled model matches the name.
    case modelNotFound(name: String, searched: [String])
    /// The name is a Hugging Face repository id that is not in the cache (nor a path or bundled model).
    case notDownloaded(name: String)
    /// The folder has no weights file TokenGen reads.
    case noWeights(folder: String)
    /// A tensor a model family needs is not in the file.
    case missingTensor(name: String, file: String)
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file does not start with the bytes its format requires (e.g. `GGUF`).
    case badMagic(file: String, expected: String, found: String)
    /// The format version is one this reader does not know.
    case unsupportedVersion(file: String, version: Int, supported: [Int])
    /// A header or structure ends past the end of the file (`needed` bytes, file has `fileSize`).
    case headerPastEnd(file: String, what: String, needed: UInt64, fileSize: Int)
    /// A declared count (tensors, metadata entries, array items) cannot fit in the file.
    case countTooLarge(file: String, what: String, count: UInt64, fileSize: Int)
    /// A string's declared length is longer than the rest of the file.
    case stringTooLong(file: String, length: UInt64, offset: Int, fileSize: Int)
    /// The header is malformed (bad JSON, wrong field types, unknown value type …).
    case invalidHeader(file: String, reason: String)
    /// A tensor's storage type is one this reader cannot convert.
    case unsupportedDType(file: String, tensor: String, dtype: String)
    /// A tensor's data ends past the end of the file.
    case tensorPastEnd(file: String, tensor: String, end: UInt64, fileSize: Int)
    /// A tensor's byte size disagrees with its shape and dtype.
    case sizeMismatch(file: String, tensor: String, expectedBytes: UInt64, actualBytes: UInt64)
    /// Two tensors claim the same bytes of the file.
    case overlappingTensors(file: String, first: String, second: String)
    /// A tensor was asked for as a type it is not stored as (e.g. I32 ids from an F32 tensor).
    case wrongDType(file: String, tensor: String, expected: DTypeName, found: DTypeName)
    /// The zip container of a PyTorch checkpoint is malformed or uses a feature not supported.
    case invalidArchive(file: String, reason: String)
    /// The pickle names a Python callable outside the allow-list: loading it could run code.
    case unsafePickle(file: String, global: String)
    /// The pickle uses an opcode or structure a state dict never needs.
    case unsupportedPickle(file: String, reason: String)
    /// The path names a FIFO, device, socket or folder where a file was expected (`kind` says which).
    case notRegularFile(path: String, kind: String)
    /// A side file (config, index, tokenizer) is larger than TokenGen reads whole.
    case fileTooLarge(path: String, size: Int, limit: Int)
    /// The GGUF metadata holds more values than TokenGen decodes (`limit`).
    case metadataTooLarge(file: String, items: Int, limit: Int)

    /// A dtype's name as the file spells it.
    public typealias DTypeName = String

    public var description: String {
        ErrorText.clip(message)
    }

    private var message: String {
        switch self {
        case .modelNotFound(let name, let searched):
            return "no model named “\(name)”: looked in \(searched.joined(separator: ", ")). "
                + "Give a folder with config.json, a .gguf file, or a name in the Hugging Face cache."
        case .notDownloaded(let name):
            return "\(name) is not downloaded: run `tokengen download \(name)` (or use Get model… in the window)"
        case .noWeights(let folder):
            return "\(folder) has no model.safetensors, model.safetensors.index.json or pytorch_model.bin: "
                + "download the model's weights into it."
        case .missingTensor(let name, let file):
            return
                "tensor \(name) is missing from \(file): the file is not a complete checkpoint of this model."
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .badMagic(let file, let expected, let found):
            return "\(file) starts with “\(found)”, not “\(expected)”: it is not a file of this format "
                + "(or it is damaged) — check the path or download it again."
        case .unsupportedVersion(let file, let version, let supported):
            return "\(file) is format version \(version); TokenGen reads versions "
                + "\(supported.map(String.init).joined(separator: ", ")) — convert it with a current llama.cpp."
        case .headerPastEnd(let file, let what, let needed, let fileSize):
            return "\(file): the \(what) needs \(needed) bytes but the file has \(fileSize): "
                + "the file is truncated or corrupt — download it again."
        case .countTooLarge(let file, let what, let count, let fileSize):
            return "\(file) declares \(count) \(what), more than its \(fileSize) bytes can hold: "
                + "the file is truncated or corrupt — download it again."
        case .stringTooLong(let file, let length, let offset, let fileSize):
            return "\(file): a string at byte \(offset) claims \(length) bytes but the file has \(fileSize): "
                + "the file is truncated or corrupt — download it again."
        case .invalidHeader(let file, let reason):
            return "\(file) has a malformed header (\(reason)): the file is corrupt or not a model file — "
                + "download it again."
        case .unsupportedDType(let file, let tensor, let dtype):
            return "tensor \(tensor) in \(file) is stored as \(dtype), which TokenGen cannot read: "
                + "use a file with F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K or Q6_K tensors."
        case .tensorPastEnd(let file, let tensor, let end, let fileSize):
            return "tensor \(tensor) ends at byte \(end) but \(file) has \(fileSize) bytes: "
                + "the file is truncated — download it again."
        case .sizeMismatch(let file, let tensor, let expected, let actual):
            return
                "tensor \(tensor) in \(file) has \(actual) bytes but its shape and dtype need \(expected): "
                + "the file is corrupt — download it again."
        case .overlappingTensors(let file, let first, let second):
            return
                "tensors \(first) and \(second) in \(file) share bytes: the file is corrupt — download it again."
        case .wrongDType(let file, let tensor, let expected, let found):
            return
                "tensor \(tensor) in \(file) is \(found), not \(expected): use the file made for this purpose."
        case .invalidArchive(let file, let reason):
            return "\(file) is not a readable PyTorch zip checkpoint (\(reason)): "
                + "re-save it with torch.save or convert it to safetensors."
        case .unsafePickle(let file, let global):
            return "\(file) asks to call \(global), which a weights file never needs: refusing to load it "
                + "(it may run code). Use a safetensors copy of the model from a source you trust."
        case .unsupportedPickle(let file, let reason):
            return "\(file) uses pickle features a state dict does not need (\(reason)): "
                + "convert the checkpoint to safetensors."
        case .notRegularFile(let path, let kind):
            return "\(ErrorText.clip(path, 160)) is \(kind), not a regular file: TokenGen reads models only "
                + "from ordinary files — give the path of the file itself."
        case .fileTooLarge(let path, let size, let limit):
            return "\(ErrorText.clip(path, 160)) has \(size) bytes, more than the \(limit) TokenGen reads "
                + "for this kind of file: it is not a real config or tokenizer file — check the path."
        case .metadataTooLarge(let file, let items, let limit):
            return "\(file) declares \(items) metadata values, more than the \(limit) TokenGen decodes: "
                + "the file is corrupt or hostile — download it again."
        }
    }
}
