import Foundation
import Transformer

/// What one analysis of a T-token prompt will cost before it runs: operations, time and memory, from the
/// model's sizes alone (a pure function, so the window can ask before a long prompt and tests can check it).
///
/// Operations: the matrix products of every block over all T rows, `2·T·L·(D·(H + 2·KV)·d + H·d·D + m·D·F)`
/// (m = 3 for a gated MLP, else 2), the causal half of the attention, `2·L·H·T²·d` (scores and P·V), and
/// the lens of the query position at every layer, `2·(L+1)·D·V`. Time is those operations at a rate (the
/// default is what this machine's release build reaches; `bench` measures it). Memory is the model's
/// float32 weights plus what the run keeps (`[L+1, T, D]` residuals, `[L, T, D]` `resid_mid` for short
/// prompts, each
/// block's Q, K, V) and its largest scratch.
/// Legend: L layers, H heads, KV key/value heads, T tokens, D width, d head width, F MLP width, V vocabulary.
public struct RunEstimate: Sendable, Equatable {
    /// T.
    public let tokens: Int
    /// Floating-point operations of the forward pass and the query position's lens.
    public let operations: Double
    /// Seconds at `rate`.
    public let seconds: Double
    /// Bytes of the model's weights plus the run's.
    public let bytes: Double
    /// Of `bytes`, what the run adds to the loaded model.
    public let runBytes: Double

    /// Operations per second of a release build on two cores with the blocked kernels (measured with
    /// `bench` at 1,024 and 2,048 tokens on a quiet machine: about 100 GFLOP/s of a 150 GFLOP/s sgemm peak).
    public static let defaultRate = 100e9

    /// Prompts longer than this many tokens are confirmed in the window before they run.
    public static let confirmationThreshold = 1_024

    /// The estimate for a prompt of `tokens` tokens on `info`'s model at `rate` operations per second.
    public init(info: ModelInfo, tokens: Int, rate: Double = RunEstimate.defaultRate) {
        let (l, h, kv, d) = (Double(info.layers), Double(info.heads), Double(info.kvHeads), Double(info.width))
        let (hd, f, v, t) = (Double(info.headDim), Double(info.ffnWidth), Double(info.vocabularySize), Double(tokens))
        let mlp = info.gatedFFN ? 3.0 : 2.0
        let perRow = d * (h + 2 * kv) * hd + h * hd * d + mlp * d * f
        let products = 2 * t * l * perRow
        let attention = 2 * l * h * t * t * hd
        let lens = 2 * (l + 1) * d * v
        self.tokens = tokens
        operations = products + attention + lens
        seconds = operations / max(rate, 1)
        let weights = 4 * (v * d + l * (perRow + 4 * d))
        // resid_mid is kept whole only up to `residMidTokenLimit` tokens (above it: one [T, D] plane).
        let midPlanes = tokens <= ForwardResult.residMidTokenLimit ? l : 1
        let kept = 4 * t * ((l + 1 + midPlanes) * d + l * (h + 2 * kv) * hd)
        let scratch = 4 * t * (3 * d + (h + 2 * kv) * hd + h * hd + 2 * f)
        runBytes = kept + scratch
        bytes = weights + runBytes
    }

    /// "about 4 s and 1.2 GB of memory" (seconds rounded to two significant figures).
    public var summary: String {
        "about \(Self.duration(seconds)) and \(Self.memory(bytes)) of memory"
    }

    static func duration(_ s: Double) -> String {
        if s < 10 { return String(format: "%.1f s", s) }
        if s < 120 { return String(format: "%.0f s", s) }
        return String(format: "%.0f min", (s / 60).rounded())
    }

    static func memory(_ b: Double) -> String {
        b >= 1e9 ? String(format: "%.1f GB", b / 1e9) : String(format: "%.0f MB", b / 1e6)
    }
}
