/// Named places in the forward pass where activations are recorded (as TransformerLens's hook points).
///
/// Legend: L layers, H heads, T tokens, D model width.
public enum HookPoint: String, Sendable, CaseIterable, Hashable {
    /// Embedding output = input of block 1, `[T, D]`.
    case embed = "hook_embed"
    /// Residual stream after the attention sub-layer of a block, `[T, D]`.
    case residMid = "hook_resid_mid"
    /// Residual stream after the whole block, before the final norm, `[T, D]`.
    case residPost = "hook_resid_post"
    /// Post-softmax attention probabilities of a block, `[H, T, T]`.
    case attnPattern = "hook_attn_pattern"

    /// The name shown in exports, e.g. `blocks.3.hook_resid_post`.
    public func displayName(layer: Int?) -> String {
        guard let layer else { return rawValue }
        return "blocks.\(layer).\(rawValue)"
    }
}
