import Foundation
import ModelFiles
import Testing
import Transformer

@testable import Analysis

@Suite("Run estimate")
struct RunEstimateTests {
    /// SmolLM2-135M's sizes (the default model).
    static let smol = ModelInfo(
        name: "SmolLM2", family: .llama, layers: 30, heads: 9, kvHeads: 3, width: 576, vocabularySize: 49_152,
        contextLength: 8_192, headDim: 64, ffnWidth: 1_536, gatedFFN: true)

    @Test("at 2,048 tokens of SmolLM2: about 435 GFLOP of products plus 145 of causal attention (issue 12)")
    func operations() {
        let e = RunEstimate(info: Self.smol, tokens: 2_048)
        let perRow: Int = 576 * 15 * 64 + 9 * 64 * 576 + 3 * 576 * 1_536
        let products = Double(2 * 2_048 * 30 * perRow)
        #expect(abs(products - 434.9e9) < 0.1e9)
        #expect(abs(e.operations - (434.9e9 + 145.0e9 + 1.8e9)) < 1e9, "\(e.operations)")
        // Twice the tokens: twice the products and four times the attention.
        let half = RunEstimate(info: Self.smol, tokens: 1_024)
        #expect(abs(half.operations - (217.4e9 + 36.2e9 + 1.8e9)) < 1e9, "\(half.operations)")
    }

    @Test("memory and time are of the order measured (release build, 2 cores: about 1.1 GB peak, 4–6 s quiet)")
    func orderOfMagnitude() {
        let e = RunEstimate(info: Self.smol, tokens: 2_048)
        // Measured peak RSS of `tokengen analyze` at 2,048 tokens: about 1.1 GB (README speed table).
        #expect(e.bytes > 1.1e9 / 1.5 && e.bytes < 1.1e9 * 1.5, "\(e.bytes)")
        // Weights 538 MB; the run's record is 383 MB at 2,048 tokens (residuals 146 MB, Q/K/V 236 MB,
        // resid_mid not kept above 512 tokens) plus scratch: the run adds about 0.4 GB.
        #expect(e.runBytes > 0.38e9 && e.runBytes < 0.5e9, "\(e.runBytes)")
        #expect(e.seconds > 2 && e.seconds < 12, "\(e.seconds)")
        #expect(RunEstimate(info: Self.smol, tokens: 2_048, rate: 50e9).seconds == 2 * e.seconds)
        #expect(e.summary.hasPrefix("about ") && e.summary.hasSuffix("MB of memory"), "\(e.summary)")
    }

    @Test("a prompt over the confirmation limit stops before the forward pass with the estimate")
    func confirmationStopsTheRun() throws {
        let location = ModelLocation.folder(fixturesURL().appendingPathComponent("models/gpt2-tiny"))
        let session = AnalysisSession()
        let box = UpdatesBox()
        session.subscribe(on: ImmediateScheduler()) { box.add($0) }
        var request = AnalysisRequest(prompt: "The world is full of amazing", model: location)
        request.options.confirmAbove = 3
        session.start(request)
        session.waitUntilIdle()
        let updates = box.all
        #expect(updates.count == 1)
        guard case .confirmationNeeded(let estimate, let snapshot) = updates.first else {
            Issue.record("expected a confirmation, got \(updates)")
            return
        }
        #expect(estimate.tokens == snapshot.primary.tokens.count && estimate.tokens > 3)
        #expect(snapshot.primary.lens.isEmpty)
        // Confirmed (no limit): the same request runs.
        request.options.confirmAbove = nil
        session.start(request)
        session.waitUntilIdle()
        guard case .finished = box.all.last else {
            Issue.record("the confirmed request did not run: \(box.all)")
            return
        }
    }
}

private final class UpdatesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SessionUpdate] = []
    func add(_ u: SessionUpdate) { lock.withLock { items.append(u) } }
    var all: [SessionUpdate] { lock.withLock { items } }
}
