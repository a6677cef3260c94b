import Foundation

/// A model's sizes as its config states them, validated once before anything is allocated.
///
/// Every family (GPT-2, OPT, Llama and the ones added later) fills one of these from its `config.json`
/// or GGUF metadata and calls `validate(source:)` before it reads a weight: counts must be positive and
/// below generous bounds, every product the loader and the forward pass compute must fit in an `Int`,
/// the width must split evenly over the heads where the family derives the head size from it,
/// epsilons must be finite and positive, and the float32 weights must fit in the machine's memory.
/// A hostile config (−1 or 10⁹ layers, 2⁶² positions, `rms_norm_eps: 0`) thus ends in one clear
/// `TransformerError.invalidDimension` / `.modelTooLarge`, never in a trap or a 900 GB allocation.
///
/// Legend: L layers, H heads, KV key/value heads, d head size, D width, F FFN width, V vocabulary.
///
/// ```swift
/// // In a family's model init, first thing:
/// try config.dimensions.validate(source: name)
/// ```
public struct ModelDimensions: Sendable, Equatable {
    /// L, transformer blocks.
    public var layers: Int
    /// D, residual width.
    public var width: Int
    /// H, query heads.
    public var heads: Int
    /// KV heads (= H without grouped-query attention); must divide H.
    public var kvHeads: Int
    /// d, size of one head (often D / H).
    public var headDim: Int
    /// F, hidden width of the MLP.
    public var ffn: Int
    /// V, vocabulary size (rows of the embedding).
    public var vocabulary: Int
    /// Longest prompt, in tokens.
    public var context: Int
    /// Every normalisation epsilon the family uses (layer norm, RMS norm …).
    public var epsilons: [Double]
    /// True where the family computes d as D / H (GPT-2, OPT, Llama without `head_dim`): then H must
    /// divide D.
    public var widthDividesByHeads: Bool
    /// Matrices of the MLP: 2 (up, down) or 3 (gate, up, down).
    public var ffnMatrices: Int
    /// True when the output matrix is the embedding (counted once).
    public var tiedEmbeddings: Bool
    /// Learned position rows (GPT-2 and OPT store `[context(+2), D]`; 0 for RoPE).
    public var positionRows: Int
    /// Parameters the generic count misses (OPT's projections, extra norms …).
    public var extraParameters: Int

    public init(
        layers: Int, width: Int, heads: Int, kvHeads: Int, headDim: Int, ffn: Int, vocabulary: Int,
        context: Int, epsilons: [Double], widthDividesByHeads: Bool, ffnMatrices: Int = 2,
        tiedEmbeddings: Bool = true, positionRows: Int = 0, extraParameters: Int = 0
    ) {
        self.layers = layers
        self.width = width
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.ffn = ffn
        self.vocabulary = vocabulary
        self.context = context
        self.epsilons = epsilons
        self.widthDividesByHeads = widthDividesByHeads
        self.ffnMatrices = ffnMatrices
        self.tiedEmbeddings = tiedEmbeddings
        self.positionRows = positionRows
        self.extraParameters = extraParameters
    }

    /// Upper bounds, each well above every published model (largest seen in brackets) and far
    /// below what would overflow the products of the forward pass.
    public enum Bounds {
        public static let layers = 1_024  // [126, Llama 3.1 405B]
        public static let width = 65_536  // [18 432]
        public static let heads = 1_024  // [128]
        public static let headDim = 2_048  // [512]
        public static let ffn = 1 << 20  // [73 728]
        public static let vocabulary = 1 << 22  // [262 144]
        public static let context = 1 << 24  // [10 485 760]
    }

    /// Bytes of memory the float32 weights need, or nil when the count overflows.
    public var weightBytes: Int? {
        let d = width, hd = headDim
        let attention = Checked(d) * heads * hd * 2 + Checked(d) * kvHeads * hd * 2  // q, o; k, v
        let mlp = Checked(d) * ffn * ffnMatrices
        let perLayer = attention + mlp + Checked(d) * 6  // norms and biases, about
        let embeddings = Checked(vocabulary) * d * (tiedEmbeddings ? 1 : 2) + Checked(positionRows) * d
        let total = (perLayer * layers + embeddings + extraParameters) * MemoryLayout<Float>.size
        return total.value
    }

    /// Checks every bound, product and epsilon, then the weights' size against the machine's memory.
    /// - Parameters:
    ///   - source: the config's name for messages (file or folder).
    ///   - availableBytes: memory the weights may take (the physical RAM by default).
    /// - Throws: `TransformerError.invalidDimension` naming the field, its value and the rule;
    ///   `.modelTooLarge` with the estimate and the memory.
    public func validate(
        source: String, availableBytes: UInt64 = ProcessInfo.processInfo.physicalMemory
    ) throws(TransformerError) {
        func within(_ name: String, _ value: Int, _ upper: Int) throws(TransformerError) {
            guard value >= 1, value <= upper else {
                throw .invalidDimension(
                    source: source, field: name, value: "\(value)", rule: "must be between 1 and \(upper)")
            }
        }
        try within("layers", layers, Bounds.layers)
        try within("width", width, Bounds.width)
        try within("heads", heads, Bounds.heads)
        try within("key/value heads", kvHeads, heads)
        try within("head size", headDim, Bounds.headDim)
        try within("feed-forward width", ffn, Bounds.ffn)
        try within("vocabulary size", vocabulary, Bounds.vocabulary)
        try within("context length", context, Bounds.context)
        guard heads % kvHeads == 0 else {
            throw .invalidDimension(
                source: source, field: "key/value heads", value: "\(kvHeads)",
                rule: "must divide the \(heads) query heads")
        }
        if widthDividesByHeads {
            guard width % heads == 0, width / heads == headDim else {
                throw .invalidDimension(
                    source: source, field: "heads", value: "\(heads)",
                    rule: "must divide the width \(width) evenly (head size = width / heads)")
            }
        }
        for eps in epsilons {
            guard eps.isFinite, eps > 0, eps < 1, Float(eps) > 0 else {
                throw .invalidDimension(
                    source: source, field: "norm epsilon", value: "\(eps)",
                    rule: "must be a finite number between 0 and 1, like 1e-5")
            }
        }
        guard positionRows >= 0, positionRows <= Bounds.context + 2, extraParameters >= 0,
            ffnMatrices >= 1, ffnMatrices <= 4
        else {
            throw .invalidDimension(
                source: source, field: "positions", value: "\(positionRows)", rule: "out of range")
        }
        guard let bytes = weightBytes, UInt64(bytes) <= availableBytes else {
            throw .modelTooLarge(
                source: source, estimatedBytes: weightBytes.map(UInt64.init) ?? .max,
                availableBytes: availableBytes)
        }
    }

    /// Bytes one forward pass over `tokens` tokens holds at most, or nil on overflow: the residual stream
    /// `[L+1, T, D]`, `resid_mid` `[L, T, D]` (one `[T, D]` plane above `residMidTokenLimit` tokens) and
    /// each block's queries, keys and values (at most `3·D` per token when H·d = D), with one more
    /// `[T, D]`-sized share each for the block's scratch: `4 × T·D·(5·L + 9)`, or `4 × T·D·(4·L + 10)` for
    /// long prompts. Attention is never `T × T` (it runs in tiles); `heads` is kept for callers.
    public static func forwardBytes(layers: Int, heads: Int, width: Int, tokens: Int) -> Int? {
        let midPlanes = tokens <= ForwardResult.residMidTokenLimit ? Checked(layers) : Checked(1)
        let perToken = Checked(layers) * 4 + midPlanes + Checked(9)
        return (perToken * tokens * width * MemoryLayout<Float>.size).value
    }
}

/// An `Int` whose arithmetic turns overflow (or a negative operand) into nil instead of a trap.
struct Checked {
    let value: Int?

    init(_ value: Int) { self.value = value >= 0 ? value : nil }
    init(optional value: Int?) { self.value = value }

    static func * (a: Checked, b: Int) -> Checked {
        guard let x = a.value, b >= 0 else { return Checked(optional: nil) }
        let (p, o) = x.multipliedReportingOverflow(by: b)
        return Checked(optional: o ? nil : p)
    }

    static func + (a: Checked, b: Checked) -> Checked {
        guard let x = a.value, let y = b.value else { return Checked(optional: nil) }
        let (s, o) = x.addingReportingOverflow(y)
        return Checked(optional: o ? nil : s)
    }

    static func + (a: Checked, b: Int) -> Checked { a + Checked(b) }
}
