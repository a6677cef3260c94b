import ModelFiles
import TensorCore

/// Reads a family's tensors from a `WeightSource` by role, checking each shape against the config.
///
/// Hugging Face checkpoints differ in their top prefix (`transformer.h.0…` from GPT2LMHeadModel,
/// `h.0…` on the original gpt2 repository; `model.decoder…` or `decoder…` for OPT), so a name that is
/// missing is tried again without its first component.
struct WeightReader: Sendable {
    let source: any WeightSource
    let family: ModelFamily
    let convention: NameConvention

    /// The name under which the file stores `role`, or nil when it has none.
    func resolvedName(_ role: TensorRole, layer: Int = 0) -> String? {
        let name = CheckpointNames.name(role, family: family, convention: convention, layer: layer)
        if source.info(name) != nil { return name }
        if convention == .huggingFace, let dot = name.firstIndex(of: ".") {
            let stripped = String(name[name.index(after: dot)...])
            if source.info(stripped) != nil { return stripped }
        }
        return nil
    }

    func has(_ role: TensorRole, layer: Int = 0) -> Bool { resolvedName(role, layer: layer) != nil }

    /// Loads `role` and checks that its shape is `shape`.
    func load(_ role: TensorRole, layer: Int = 0, shape: [Int]) throws -> Weight {
        let wanted = CheckpointNames.name(role, family: family, convention: convention, layer: layer)
        guard let name = resolvedName(role, layer: layer) else {
            throw TransformerError.missingTensor(name: wanted)
        }
        if let info = source.info(name), info.shape != shape {
            throw TransformerError.tensorShapeMismatch(name: name, expected: shape, found: info.shape)
        }
        let t = try source.tensor(name)
        guard t.shape == shape else {
            throw TransformerError.tensorShapeMismatch(name: name, expected: shape, found: t.shape)
        }
        return try Weight(t, name: name)
    }

    /// Loads `role` if the file has it.
    func loadOptional(_ role: TensorRole, layer: Int = 0, shape: [Int]) throws -> Weight? {
        has(role, layer: layer) ? try load(role, layer: layer, shape: shape) : nil
    }

    /// Loads a weight stored `[in, out]` (GPT-2's Conv1D) and returns it as `[out, in]`, the layout of
    /// `MatMul.linear`, so the forward pass needs no second convention.
    func loadTransposed(_ role: TensorRole, layer: Int = 0, stored: [Int]) throws -> Weight {
        let w = try load(role, layer: layer, shape: stored)
        let rows = stored[0]
        let cols = stored[1]
        let t = Tensor(
            shape: [cols, rows],
            storage: FloatStorage(count: rows * cols) { out in
                for r in 0..<rows {
                    for c in 0..<cols { out[c * rows + r] = w.p[r * cols + c] }
                }
            })
        return try Weight(t, name: CheckpointNames.name(role, family: family, convention: convention))
    }
}

/// Concatenates weights along their first (output) dimension, e.g. Q|K|V into one fused projection.
/// - Parameter parts: each `[rows_i, cols]`
/// - Returns: `[Σ rows_i, cols]`
func concatRows(_ parts: [Weight], name: String) throws -> Weight {
    let cols = parts.first?.shape.last ?? 0
    let rows = parts.reduce(0) { $0 + $1.tensor.count / max(cols, 1) }
    let t = Tensor(
        shape: [rows, cols],
        storage: FloatStorage(count: rows * cols) { out in
            guard var dst = out.baseAddress else { return }
            for part in parts {
                dst.update(from: part.p, count: part.tensor.count)
                dst += part.tensor.count
            }
        })
    return try Weight(t, name: name)
}

/// Concatenates bias vectors.
func concatVectors(_ parts: [Weight], name: String) throws -> Weight {
    let values = parts.flatMap { $0.tensor.values }
    return try Weight(Tensor(shape: [values.count], values: values), name: name)
}
