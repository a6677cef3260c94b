import Analysis
import Foundation

/// What the timeline's y axis shows.
public enum TimelineScale: String, Sendable, CaseIterable {
    case probability, logProbability, rank

    var axisTitle: String {
        switch self {
        case .probability: "probability"
        case .logProbability: "log-probability (nats)"
        case .rank: "rank (log scale, 1 = top)"
        }
    }
}

/// One candidate token's value at every layer done so far, read from the full distribution.
public struct TimelineTrack: Sendable, Equatable {
    public let id: Int
    public let text: String
    /// `[l+1]`: the value at layers 0…l (exact, never a top-k cut).
    public let values: [Double]
}

/// The timeline's data: which tokens to follow at the query position and their values per layer.
///
/// Legend: L layers, V vocabulary.
public struct TimelineModel: Sendable, Equatable {
    /// L, the model's block count (the x axis runs 0…L even while layers stream in).
    public let layerCount: Int
    /// Layers with a lens so far.
    public let layersDone: Int
    public let queryPosition: Int
    public let queryToken: String
    public let scale: TimelineScale
    public let tracks: [TimelineTrack]
    /// The model's prediction (top-1 of layer L) once the run finished.
    public let finalID: Int?
    /// Top-1 of the latest layer done (the prediction so far).
    public let leadingID: Int?

    /// Follows the latest layer's top `count` tokens plus the most frequent top-1s of earlier layers.
    /// Returns nil before layer 0 arrives.
    public static func make(
        _ run: ModelRun, finished: Bool, scale: TimelineScale, count: Int = 5,
        extra: Int = 2
    ) -> TimelineModel? {
        guard let last = run.lens.last, run.queryPosition < run.tokens.count,
            run.queryPosition < last.top.count
        else { return nil }
        let q = run.queryPosition
        var ids = last.top[q].prefix(count).map(\.id)
        var frequency: [Int: Int] = [:]
        for layer in run.lens { if let top = layer.top[q].first { frequency[top.id, default: 0] += 1 } }
        let others = frequency.filter { !ids.contains($0.key) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        ids += others.prefix(extra).map(\.key)
        let tracks = ids.map { id in
            TimelineTrack(
                id: id, text: run.tokenText(id),
                values: run.lens.map { value(of: id, in: $0.queryLogprobs, scale: scale) })
        }
        let leading = last.top[q].first?.id
        return TimelineModel(
            layerCount: run.info.layers, layersDone: run.lens.count, queryPosition: q,
            queryToken: run.tokens[q].text, scale: scale, tracks: tracks,
            finalID: finished ? leading : nil, leadingID: leading)
    }

    /// The value of token `id` in one layer's `[V]` log-probs.
    static func value(of id: Int, in logprobs: [Float], scale: TimelineScale) -> Double {
        guard id >= 0, id < logprobs.count else { return .nan }
        let lp = logprobs[id]
        switch scale {
        case .probability: return exp(Double(lp))
        case .logProbability: return Double(lp)
        case .rank:
            var above = 0
            for v in logprobs where v > lp { above += 1 }
            return Double(above + 1)
        }
    }
}
