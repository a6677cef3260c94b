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

    private var runs: [Key: CapturedRun] = [:]
    private var clusterings: [ClusteringKey: Result<HeadClusteringResult, any Error>] = [:]

    /// Runs whose `.finished` has gone out (a pass a newer view request took over has not had one yet).
    private var announced: Set<Key> = []

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
    }

    /// The clustering for `key`, computing it once.
    func clustering(_ key: ClusteringKey, compute: () throws -> HeadClusteringResult) throws
        -> HeadClusteringResult
    {
        if let hit = clusterings[key] { return try hit.get() }
        let result = Result { try compute() }
        clusterings[key] = result
        return try result.get()
    }
}
