import Foundation
import Testing

@testable import Analysis

/// Collects the snapshots of one session in arrival order.
private final class SnapshotBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SessionSnapshot] = []
    func add(_ u: SessionUpdate) { lock.withLock { if let s = u.snapshot { items.append(s) } } }
    var finished: SessionSnapshot? { lock.withLock { items.last { $0.stage == .finished } } }
}

@Suite("Heatmap and contrast failures are typed errors in the snapshot")
struct StreamedErrorTests {
    /// gpt2-tiny on "The world is full of amazing" with contrast things/people, finished.
    static func finished() throws -> SessionSnapshot {
        var options = AnalysisOptions()
        options.contrast = ContrastPair("things", "people")
        options.clusterHeads = false
        let session = AnalysisSession()
        let box = SnapshotBox()
        session.subscribe(on: ImmediateScheduler()) { box.add($0) }
        session.start(AnalysisRequest(prompt: "The world is full of amazing", model: SessionTests.gpt2, options: options))
        session.waitUntilIdle()
        return try #require(box.finished)
    }

    @Test("a contrast token outside the vocabulary gives .tokenOutOfRange and no rows, not an empty chart silently")
    func contrastOutOfVocabulary() throws {
        var s = try Self.finished()
        let vocab = s.primary.info.vocabularySize
        let c = try #require(s.contrast)
        #expect(s.contrastError == nil && c.rows.count == s.primary.info.layers + 1)
        let bad = ResolvedToken(text: "bad", encodedForm: "bad", id: vocab + 7, split: false, tokenCount: 1)
        s.contrast = ContrastResult(a: bad, b: c.b, rows: c.rows)
        s.refreshStreamed(aggregation: s.request.options.attention)
        #expect(s.contrastError == .tokenOutOfRange(id: vocab + 7, vocabularySize: vocab))
        #expect(s.contrast?.rows.isEmpty == true)
        // A valid pair again clears the error.
        s.contrast = ContrastResult(a: c.a, b: c.b, rows: [])
        s.refreshStreamed(aggregation: s.request.options.attention)
        #expect(s.contrastError == nil && s.contrast?.rows.count == s.primary.info.layers + 1)
    }

    @Test("a head outside 0..<H gives .headOutOfRange and an empty heatmap")
    func heatmapHeadOutOfRange() throws {
        var s = try Self.finished()
        let heads = s.primary.info.heads
        #expect(s.heatmapError == nil && s.heatmap.count == s.primary.info.layers)
        s.refreshStreamed(aggregation: .head(heads))
        #expect(s.heatmapError == .headOutOfRange(head: heads, headCount: heads))
        #expect(s.heatmap.isEmpty)
        s.refreshStreamed(aggregation: .meanOverHeads)
        #expect(s.heatmapError == nil && s.heatmap.count == s.primary.info.layers)
    }
}
