import ModelFiles

/// The runs a session keeps (forward passes by model and token ids) and the costly views computed from
/// them, so that a request for the same model and prompt only recomputes views.
///
/// Used only on the session's queue.
final class RunStore: @unchecked Sendable {
    /// What a forward pass depends on.
    struct Key: Hashable {
        let model: ModelLocation
        let ids: [Int]
    }

    /// What a head clustering depends on.
    struct ClusteringKey: Hashable {
        let run: ObjectIdentifier
        let query: Int
        let features: HeadFeatureKind
        let clusters: Int
    }

    /// What the depth matches of a comparison depend on: the two runs and their query positions.
    struct DepthMatchKey: Hashable {
        let a: ObjectIdentifier
        let b: ObjectIdentifier
        let queryA: Int
        let queryB: Int
    }

    private var runs: [Key: CapturedRun] = [:]
    private var clusterings: [ClusteringKey: Result<ClusteringEntry, any Error>] = [:]
    /// A KL over the vocabulary per layer (about 15 ms for SmolLM2): once per pair of runs and queries.
    private var depthMatches: [DepthMatchKey: [DepthMatch]] = [:]

    /// Runs whose `.finished` has gone out (a pass a newer view request took over has not had one yet).
    private var announced: Set<Key> = []

    /// The last prompt tokenized and its ids, by model: a confirmed long prompt, a control, a chip or a
    /// drag does not tokenize the same prompt again.
    private var lastTokenized: (model: ModelLocation, prompt: String, ids: [Int])?

    /// The ids of `prompt` for `model`: the last ones when the prompt and model are the same, else
    /// `tokenize()`'s (kept for the next request).
    func ids(model: ModelLocation, prompt: String, tokenize: () throws -> [Int]) rethrows -> [Int] {
        if let last = lastTokenized, last.model == model, last.prompt == prompt { return last.ids }
        let ids = try tokenize()
        lastTokenized = (model, prompt, ids)
        return ids
    }

    func run(_ key: Key) -> CapturedRun? { runs[key] }

    func isAnnounced(_ key: Key) -> Bool { announced.contains(key) }

    func announce(_ key: Key) { announced.insert(key) }

    func put(_ run: CapturedRun, for key: Key) { runs[key] = run }

    /// Forgets every run except those of `models` (before a forward pass, so that the old run's memory is
    /// free before the new one takes its own).
    func keepOnly(models: Set<ModelLocation>) {
        runs = runs.filter { models.contains($0.key.model) }
        announced = announced.filter { runs[$0] != nil }
        let alive = Set(runs.values.map { ObjectIdentifier($0) })
        clusterings = clusterings.filter { alive.contains($0.key.run) }
        depthMatches = depthMatches.filter { alive.contains($0.key.a) && alive.contains($0.key.b) }
    }

    /// The depth matches for `key`, computing them once.
    func depthMatches(_ key: DepthMatchKey, compute: () throws -> [DepthMatch]) throws -> [DepthMatch] {
        if let hit = depthMatches[key] { return hit }
        let matches = try compute()
        depthMatches[key] = matches
        return matches
    }

    /// A head clustering and its trustworthiness (nil when it cannot be scored).
    struct ClusteringEntry {
        let result: HeadClusteringResult
        let trustworthiness: Double?
    }

    /// A computed clustering of the same run, query and features as `key` with another cluster count: its
    /// features and UMAP embedding are `key`'s too (only k-means depends on the count).
    func sibling(of key: ClusteringKey) -> ClusteringEntry? {
        clusterings.first { k, value in
            k.run == key.run && k.query == key.query && k.features == key.features && (try? value.get()) != nil
        }.flatMap { try? $0.value.get() }
    }

    /// Whether the clustering for `key`, or a sibling's features and embedding, are kept: only k-means (if
    /// anything) is left to compute.
    func isClusteringCheap(_ key: ClusteringKey) -> Bool { clusterings[key] != nil || sibling(of: key) != nil }

    /// The clustering for `key` (with its trustworthiness), computing it once.
    func clustering(_ key: ClusteringKey, compute: () throws -> ClusteringEntry) throws -> ClusteringEntry {
        if let hit = clusterings[key] { return try hit.get() }
        let result = Result { try compute() }
        clusterings[key] = result
        return try result.get()
    }
}
