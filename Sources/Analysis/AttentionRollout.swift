/// Attention rollout (Abnar & Zuidema 2020): attention propagated through the residual path.
///
/// Per layer A'_l = 0.5·mean_h(A_l) + 0.5·I with rows renormalised to sum 1, then
/// R_1 = A'_1 and R_l = A'_l · R_{l-1}. Row q of R_l says how much position q after block l
/// draws, through all earlier layers, on each input token.
public enum AttentionRollout {
    /// The mixed matrix A'_l of layer index l (0-based): `[T, T]` row-major.
    public static func mixedMatrix(_ attention: AttentionStack, layer l: Int) -> [Double] {
        let t = attention.tokenCount
        let heads = attention.headCount
        var m = [Double](repeating: 0, count: t * t)
        for h in 0 ..< heads {
            let start = attention.rowOffset(layer: l, head: h, query: 0)
            for i in 0 ..< t * t { m[i] += Double(attention.values[start + i]) }
        }
        return mixed(mean: m.map { $0 / Double(heads) }, tokens: t)
    }

    /// R_1 … R_L, each `[T, T]` row-major (`[L][T*T]`); every row sums to 1.
    public static func rollout(_ attention: AttentionStack) -> [[Float]] {
        var result = [[Float]]()
        result.reserveCapacity(attention.layerCount)
        chain(layers: attention.layerCount, tokens: attention.tokenCount) { mixedMatrix(attention, layer: $0) }
            onLayer: { r in result.append(r.map { Float($0) }) }
        return result
    }

    /// Row q of R_1 … R_L (`[L][n]`) from the mixed matrices of the first n = q+1 positions, one layer
    /// at a time (n² memory, never `[L, T, T]`): what the heatmap shows.
    public static func queryRows(layers: Int, tokens n: Int, query q: Int, mixed: (Int) -> [Double]) -> [[Float]] {
        var rows = [[Float]]()
        chain(layers: layers, tokens: n, mixed: mixed) { r in
            rows.append((0 ..< n).map { Float(r[q * n + $0]) })
        }
        return rows
    }

    /// A'_l from one layer's mean-over-heads pattern `[n, n]` (already averaged).
    public static func mixed(mean m: [Double], tokens t: Int) -> [Double] {
        var m = m
        for q in 0 ..< t {
            var rowSum = 0.0
            for k in 0 ..< t {
                var v = 0.5 * m[q * t + k]
                if k == q { v += 0.5 }
                m[q * t + k] = v
                rowSum += v
            }
            if rowSum > 0 {
                for k in 0 ..< t { m[q * t + k] /= rowSum }
            }
        }
        return m
    }

    /// R_l = A'_l · R_{l-1}, handing each R_l (`[T, T]`) to `onLayer` in order.
    static func chain(layers: Int, tokens t: Int, mixed: (Int) -> [Double], onLayer: ([Double]) -> Void) {
        var previous = [Double]()
        for l in 0 ..< layers {
            let a = mixed(l)
            var r: [Double]
            if l == 0 {
                r = a
            } else {
                r = [Double](repeating: 0, count: t * t)
                for i in 0 ..< t {
                    for j in 0 ..< t {
                        let aij = a[i * t + j]
                        if aij == 0 { continue }
                        for k in 0 ..< t { r[i * t + k] += aij * previous[j * t + k] }
                    }
                }
            }
            onLayer(r)
            previous = r
        }
    }
}
