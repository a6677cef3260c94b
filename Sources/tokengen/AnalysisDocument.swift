import Analysis
import Foundation
import Transformer

/// The JSON document `tokengen analyze --json` writes; every field is documented in the README.
struct AnalysisDocument: Encodable {
    struct Model: Encodable {
        let name: String, family: String, layers: Int, heads: Int, width: Int, vocab: Int
    }
    struct Token: Encodable { let id: Int, text: String }
    struct Candidate: Encodable { let id: Int, text: String, prob: Float, logprob: Float }
    struct Lens: Encodable { let layer: Int, top: [Candidate] }
    /// The lens at one prompt position (with `--all-positions`).
    struct PositionLens: Encodable { let position: Int, lens: [Lens] }
    struct Metric: Encodable {
        let layer: Int, entropy: Double, klToFinal: Double, finalTopRank: Int, maxProb: Float
        enum CodingKeys: String, CodingKey {
            case layer, entropy, klToFinal = "kl_to_final", finalTopRank = "final_top_rank", maxProb = "max_prob"
        }
    }
    struct Attention: Encodable { let aggregation: String, weights: [[Float]] }
    struct Head: Encodable { let label: String, layer: Int, head: Int, x: Float, y: Float, cluster: Int }
    struct Clusters: Encodable {
        let k: Int, trustworthiness: Double?, inertia: Double, heads: [Head]
    }
    struct ContrastSide: Encodable { let text: String, token: String, id: Int, split: Bool }
    struct ContrastLayer: Encodable {
        let layer: Int, logprobDiff: Double, probDiff: Double, rankA: Int, rankB: Int
        enum CodingKeys: String, CodingKey {
            case layer, logprobDiff = "logprob_diff", probDiff = "prob_diff", rankA = "rank_a", rankB = "rank_b"
        }
    }
    struct Contrast: Encodable { let a: ContrastSide, b: ContrastSide, layers: [ContrastLayer] }
    struct Top1: Encodable { let id: Int, text: String, prob: Float }
    struct DepthRow: Encodable {
        let depth: Double, layerA: Int, layerB: Int, topA: Top1, topB: Top1, agree: Bool, kl: Double?
        enum CodingKeys: String, CodingKey {
            case depth, layerA = "layer_a", layerB = "layer_b", topA = "top_a", topB = "top_b", agree, kl
        }
    }
    struct Selection: Encodable {
        let depth: [Double], tokens: [Int], layersA: [Int], layersB: [Int]
        let meanTop1ProbA: Double, meanTop1ProbB: Double, agreementRate: Double
        let meanAttentionA: Double?, meanAttentionB: Double?
        enum CodingKeys: String, CodingKey {
            case depth, tokens, layersA = "layers_a", layersB = "layers_b"
            case meanTop1ProbA = "mean_top1_prob_a", meanTop1ProbB = "mean_top1_prob_b"
            case agreementRate = "agreement_rate", meanAttentionA = "mean_attention_a"
            case meanAttentionB = "mean_attention_b"
        }
    }
    struct Comparison: Encodable {
        let model: Model?, sameVocabulary: Bool?, position: Int?, tokens: [Token]?, lens: [Lens]?
        let layers: [DepthRow]?, selection: Selection?, error: String?
        enum CodingKeys: String, CodingKey {
            case model, sameVocabulary = "same_vocabulary", position, tokens, lens, layers, selection, error
        }
    }

    let model: Model
    let tokens: [Token]
    let position: Int
    let lens: [Lens]
    /// Every position's lens, only with `--all-positions`.
    let positions: [PositionLens]?
    let metrics: [Metric]
    let attention: Attention
    let clusters: Clusters?
    let clustersError: String?
    let contrast: Contrast?
    let comparison: Comparison?
    let grid: Grid?
    let lensMid: [Lens]
    let attribution: Attribution?
    let attributionError: String?
    let patching: Patching?
    let elapsedS: Double

    enum CodingKeys: String, CodingKey {
        case model, tokens, position, lens, positions, metrics, attention, clusters, clustersError = "clusters_error"
        case contrast, comparison, elapsedS = "elapsed_s", grid, lensMid = "lens_mid", attribution
        case attributionError = "attribution_error", patching
    }

    init(_ s: SessionSnapshot) {
        let run = s.primary
        grid = s.grid.map(Grid.init)
        lensMid = Self.lensMid(run)
        attribution = s.attribution.map(Attribution.init)
        attributionError = s.attributionError?.description
        patching = s.patching.map(Patching.init)
        model = Self.model(run)
        tokens = Self.tokens(run)
        position = run.queryPosition
        lens = Self.lens(run)
        positions =
            s.request.options.allPositions
            ? run.tokens.indices.map { PositionLens(position: $0, lens: Self.lens(run, at: $0)) } : nil
        metrics = s.metrics.map {
            Metric(layer: $0.layer, entropy: $0.entropy, klToFinal: $0.klFromFinal,
                   finalTopRank: $0.finalTop1Rank, maxProb: $0.maxProb)
        }
        attention = Attention(aggregation: Self.name(s.request.options.attention), weights: s.heatmap)
        clustersError = s.clusteringError?.description
        clusters = s.clustering.map { c in
            let heads = (0..<c.embedding.count).map { i -> Head in
                let id = HeadFeatures.head(ofRow: i, headCount: run.info.heads)
                let xy = c.embedding.row(i)
                return Head(label: id.label, layer: id.layer + 1, head: id.head + 1,
                            x: xy[0], y: xy.count > 1 ? xy[1] : 0, cluster: c.labels[i])
            }
            return Clusters(k: c.clusters.count, trustworthiness: s.trustworthiness, inertia: c.inertia, heads: heads)
        }
        contrast = s.contrast.map { c in
            Contrast(
                a: ContrastSide(text: c.a.text, token: c.a.encodedForm, id: c.a.id, split: c.a.split),
                b: ContrastSide(text: c.b.text, token: c.b.encodedForm, id: c.b.id, split: c.b.split),
                layers: c.rows.map {
                    ContrastLayer(layer: $0.layer, logprobDiff: $0.logprobDiff, probDiff: $0.probDiff,
                                  rankA: $0.a.rank, rankB: $0.b.rank)
                })
        }
        if let c = s.comparison {
            let selection = c.selection.map { sel in
                Selection(
                    depth: s.request.options.selection.map { [$0.depthFrom, $0.depthTo] } ?? [],
                    tokens: s.request.options.selection.map { [$0.tokenFrom, $0.tokenTo] } ?? [],
                    layersA: sel.layersA, layersB: sel.layersB, meanTop1ProbA: sel.meanTop1ProbA,
                    meanTop1ProbB: sel.meanTop1ProbB, agreementRate: sel.agreementRate,
                    meanAttentionA: sel.meanAttentionA, meanAttentionB: sel.meanAttentionB)
            }
            comparison = Comparison(
                model: Self.model(c.run), sameVocabulary: c.sameVocabulary, position: c.run.queryPosition,
                tokens: Self.tokens(c.run), lens: Self.lens(c.run),
                layers: c.layers.map {
                    DepthRow(depth: $0.depthA, layerA: $0.layerA, layerB: $0.layerB,
                             topA: Top1(id: $0.top1A.id, text: $0.top1A.text, prob: $0.top1A.prob),
                             topB: Top1(id: $0.top1B.id, text: $0.top1B.text, prob: $0.top1B.prob),
                             agree: $0.agree, kl: $0.klAB)
                },
                selection: selection, error: nil)
        } else if let error = s.comparisonError {
            comparison = Comparison(model: nil, sameVocabulary: nil, position: nil, tokens: nil, lens: nil,
                                    layers: nil, selection: nil, error: error.description)
        } else {
            comparison = nil
        }
        elapsedS = s.elapsed
    }

    static func model(_ run: ModelRun) -> Model {
        Model(name: run.displayName, family: run.info.family.rawValue, layers: run.info.layers,
              heads: run.info.heads, width: run.info.width, vocab: run.info.vocabularySize)
    }

    static func tokens(_ run: ModelRun) -> [Token] { run.tokens.map { Token(id: $0.id, text: $0.text) } }

    /// The lens at the query position (or `position`), one entry per layer.
    static func lens(_ run: ModelRun, at position: Int? = nil) -> [Lens] {
        let p = position ?? run.queryPosition
        return run.lens.map { layer in
            Lens(layer: layer.layer, top: layer.top[p].map {
                Candidate(id: $0.id, text: $0.text, prob: $0.prob, logprob: $0.logprob)
            })
        }
    }

    static func name(_ a: AttentionAggregation) -> String {
        switch a {
        case .meanOverHeads: "mean"
        case .maxOverHeads: "max"
        case .head(let h): "head:\(h)"
        case .rollout: "rollout"
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
