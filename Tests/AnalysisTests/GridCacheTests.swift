import Foundation
import ModelFiles
import Testing
import TensorCore
import Transformer

@testable import Analysis

/// The lens grids cost a lens product per position and layer: read once per run, a view update (a chip,
/// a control) reuses them instead of reading them again.
@Suite("Lens grids are read once per run")
struct GridCacheTests {
    @Test("a new query position reuses the kept run's grids")
    func viewUpdateReusesGrids() throws {
        let f = try DepthFixture("llama-tiny")
        var options = AnalysisOptions()
        options.clusterHeads = false
        options.grid = true
        options.midGrid = true
        let location = ModelLocation.folder(URL(fileURLWithPath: "/fixture/llama-tiny"))
        let session = AnalysisSession(cache: ModelCache { _ in f.loaded })
        let box = LastUpdate()
        session.subscribe(on: ImmediateScheduler()) { box.set($0) }
        session.start(AnalysisRequest(prompt: "", promptIDs: f.prompts[0], model: location, options: options))
        session.waitUntilIdle()
        guard case .finished(let first) = box.get(), let run = first.primary.captured else {
            Issue.record("no finished analysis: \(String(describing: box.get()))")
            return
        }
        #expect(run.isGridCached(afterAttention: false) && run.isGridCached(afterAttention: true))
        session.start(
            AnalysisRequest(prompt: "", promptIDs: f.prompts[0], model: location, queryPosition: 1, options: options))
        session.waitUntilIdle()
        guard case .viewUpdated(let second) = box.get() else {
            Issue.record("expected a view update, got \(String(describing: box.get()))")
            return
        }
        #expect(second.primary.captured === run)
        #expect(second.primary.queryPosition == 1)
        #expect(second.grid == first.grid && second.midGrid == first.midGrid && second.grid != nil)
    }
}
