import Foundation

/// The part of TokenGen's snapshot JSON this plugin reads (the JSON is the contract, so it declares only
/// what it needs). Legend: L layers.
struct EntropyPayload: Decodable {
    struct Metric: Decodable {
        var layer: Int
        /// Nats.
        var entropy: Double
        /// KL(final ‖ layer), nats; may be +∞.
        var klFromFinal: Double
    }

    var stage: String
    var model: String
    var layerCount: Int
    /// One per layer done, `[l+1]`.
    var metrics: [Metric]

    static let empty = EntropyPayload(stage: "waiting", model: "", layerCount: 0, metrics: [])

    static func decode(_ data: Data) throws -> EntropyPayload {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(EntropyPayload.self, from: data)
    }
}
