#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Element-wise activation kernels, in place over `count` values.

/// GELU with the tanh approximation (`gelu_new` in Hugging Face, GPT-2's activation):
/// `0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))`.
public func geluTanh(_ x: UnsafeMutablePointer<Float>, count: Int) {
    let c: Float = 0.7978845608028654  // √(2/π)
    for i in 0..<count {
        let v = x[i]
        x[i] = 0.5 * v * (1 + tanhf(c * (v + 0.044715 * v * v * v)))
    }
}

/// ReLU, `max(x, 0)` (OPT's activation).
public func relu(_ x: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { x[i] = max(x[i], 0) }
}

/// SiLU, `x · σ(x)`.
public func silu(_ x: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count {
        let v = x[i]
        x[i] = v / (1 + expf(-v))
    }
}

/// SwiGLU gate of Llama's MLP: `out = silu(gate) · up`. `out` may alias `gate`.
/// - Parameters:
///   - out: `[count]`
///   - gate: `[count]` output of `gate_proj`
///   - up: `[count]` output of `up_proj`
public func swiglu(
    _ out: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int
) {
    // Eight at a time with the vectorised exp (~1 ulp from expf), then the tail.
    var i = 0
    let (o, gp, upp) = (UnsafeMutableRawPointer(out), UnsafeRawPointer(gate), UnsafeRawPointer(up))
    while i + 8 <= count {
        let g = gp.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        let u = upp.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        o.storeBytes(of: g / (1 + fastExp(-g)) * u, toByteOffset: i * 4, as: SIMD8<Float>.self)
        i += 8
    }
    while i < count {
        let g = gate[i]
        out[i] = g / (1 + expf(-g)) * up[i]
        i += 1
    }
}

/// Exact GELU, `0.5 · x · (1 + erf(x / √2))` (PyTorch's `gelu`, GPT-NeoX/Pythia's `hidden_act: "gelu"`).
public func geluErf(_ x: UnsafeMutablePointer<Float>, count: Int) {
    let r: Float = 0.7071067811865476  // 1/√2
    for i in 0..<count {
        let v = x[i]
        x[i] = v * 0.5 * (1 + erff(v * r))
    }
}

/// GeGLU gate of Gemma's MLP: `out = gelu_tanh(gate) · up`. `out` may alias `gate`.
/// - Parameters:
///   - out: `[count]`
///   - gate: `[count]` output of `gate_proj`
///   - up: `[count]` output of `up_proj`
public func gegluTanh(
    _ out: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int
) {
    let c: Float = 0.7978845608028654  // √(2/π)
    for i in 0..<count {
        let g = gate[i]
        out[i] = 0.5 * g * (1 + tanhf(c * (g + 0.044715 * g * g * g))) * up[i]
    }
}

/// Soft-capping, `c · tanh(x / c)` (Gemma 2's final logits).
public func softcap(_ x: UnsafeMutablePointer<Float>, count: Int, cap: Float) {
    for i in 0..<count { x[i] = cap * tanhf(x[i] / cap) }
}
