/// Settings of head clustering.
public struct HeadClusteringOptions: Sendable, Equatable {
    public var featureKind: HeadFeatureKind = .queryRow
    /// k of k-means.
    public var clusterCount: Int = 5
    /// k-means++ restarts (lowest inertia kept).
    public var restarts: Int = 10
    public var umap = UMAPParameters()
    /// Seed of k-means (UMAP has its own in `umap.seed`).
    public var kmeansSeed: UInt64 = 42

    public init() {}
}

/// One group of heads.
public struct HeadCluster: Sendable, Equatable {
    /// Members as feature-row indices (l·H + h), ascending.
    public let members: [Int]
    /// Members as heads.
    public let heads: [HeadID]
    /// Mean of the members' feature vectors `[F]`.
    public let meanPattern: [Float]
}

/// Heads reduced to 2-D by UMAP and grouped by k-means on that embedding.
public struct HeadClusteringResult: Sendable, Equatable {
    /// `[L·H, F]` feature vectors.
    public let features: PointSet
    /// `[L·H, 2]` UMAP embedding.
    public let embedding: PointSet
    /// `[L·H]` cluster of each head.
    public let labels: [Int]
    /// `[k]` clusters, index = label.
    public let clusters: [HeadCluster]
    /// k-means inertia on the embedding.
    public let inertia: Double
}

/// Head clustering: features → UMAP → k-means → clusters with mean patterns.
public enum HeadClustering {
    /// Clusters every head of a run at the query position.
    /// - Throws: `.queryPositionOutOfRange`, `.tooManyClusters`, `.tooFewPoints`, `.invalidParameter`.
    public static func run(_ attention: AttentionStack, query: Int,
                           options: HeadClusteringOptions = HeadClusteringOptions()) throws
        -> HeadClusteringResult
    {
        let features = try HeadFeatures.features(attention, query: query, kind: options.featureKind)
        return try cluster(features, headCount: attention.headCount, options: options)
    }

    /// Clusters given feature rows (row = l·H + h).
    /// - Parameter embedding: the UMAP embedding of these `features` with these options' UMAP
    ///   parameters, when already computed (another cluster count): only k-means runs.
    public static func cluster(_ features: PointSet, headCount: Int,
                               options: HeadClusteringOptions = HeadClusteringOptions(),
                               embedding known: PointSet? = nil) throws
        -> HeadClusteringResult
    {
        guard headCount >= 1 else {
            throw AnalysisError.invalidParameter(name: "headCount", value: "\(headCount)", valid: "≥ 1")
        }
        guard options.clusterCount <= features.count else {
            throw AnalysisError.tooManyClusters(clusters: options.clusterCount, points: features.count)
        }
        let embedding = try known ?? UMAP.embed(features, parameters: options.umap)
        let kmeans = try KMeans.fit(embedding, clusters: options.clusterCount, restarts: options.restarts,
                                    seed: options.kmeansSeed)
        let f = features.dimension
        let clusters = (0 ..< options.clusterCount).map { c -> HeadCluster in
            let members = kmeans.labels.indices.filter { kmeans.labels[$0] == c }
            var mean = [Double](repeating: 0, count: f)
            for m in members {
                for j in 0 ..< f { mean[j] += Double(features.values[m * f + j]) }
            }
            let scale = members.isEmpty ? 0 : 1 / Double(members.count)
            return HeadCluster(
                members: members,
                heads: members.map { HeadFeatures.head(ofRow: $0, headCount: headCount) },
                meanPattern: mean.map { Float($0 * scale) })
        }
        return HeadClusteringResult(features: features, embedding: embedding, labels: kmeans.labels,
                                    clusters: clusters, inertia: kmeans.inertia)
    }
}
