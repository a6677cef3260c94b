/// Contiguous Float32 memory that a `Tensor` views: either owned (allocated here) or borrowed
/// from a memory-mapped file, whose owner object is kept alive as long as the storage is.
///
/// Immutable after construction, so it is safe to share across threads.
public final class FloatStorage: @unchecked Sendable {
    /// The values; valid for the lifetime of this object.
    public let buffer: UnsafeBufferPointer<Float>
    private let owned: UnsafeMutableBufferPointer<Float>?
    private let keepAlive: AnyObject?

    /// Takes ownership of freshly filled memory.
    public init(count: Int, fill: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        let memory = UnsafeMutableBufferPointer(start: LargeMemory.zeroed(count), count: max(count, 1))
        do { try fill(UnsafeMutableBufferPointer(rebasing: memory[0..<count])) } catch {
            if let base = memory.baseAddress { LargeMemory.release(base) }
            throw error
        }
        owned = memory
        buffer = UnsafeBufferPointer(rebasing: memory[0..<count])
        keepAlive = nil
    }

    /// Copies an array.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count) { dst in
            values.withUnsafeBufferPointer { src in
                if let s = src.baseAddress, let d = dst.baseAddress { d.update(from: s, count: src.count) }
            }
        }
    }

    /// Views memory owned by `owner` (for example a mapped file) without copying.
    public init(borrowing buffer: UnsafeBufferPointer<Float>, owner: AnyObject) {
        self.buffer = buffer
        self.owned = nil
        self.keepAlive = owner
    }

    deinit { if let base = owned?.baseAddress { LargeMemory.release(base) } }
}
