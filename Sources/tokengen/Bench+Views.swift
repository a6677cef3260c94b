import Analysis
import Foundation
import ModelFiles
import Transformer

/// The view figures in `tokengen bench`: how long a control, a chip or a drag takes to answer on a kept
/// run, in a session set up as the window's (background read-ahead, a comparison model loaded: the
/// same model under a second name).
extension Bench {
    struct ViewRun: Encodable {
        let tokens: Int
        /// Milliseconds from the request to its first view update, medians: Top-k changed, a chip next to
        /// the query, a Timeline drag once the background reads are done, and a drag at once after the
        /// analysis (while they run).
        let topKMs: Double, chipMs: Double, dragSettledMs: Double, dragAfterAnalysisMs: Double
        /// Seconds from that early drag until its summary covers every selected token.
        let dragCompleteS: Double
        enum CodingKeys: String, CodingKey {
            case tokens, topKMs = "top_k_ms", chipMs = "chip_ms", dragSettledMs = "drag_settled_ms"
            case dragAfterAnalysisMs = "drag_after_analysis_ms", dragCompleteS = "drag_complete_s"
        }
    }

    /// Medians over `runs` for a prompt of `ids`.
    static func views(_ loaded: LoadedModel, location: ModelLocation, ids: [Int], runs: Int) throws -> ViewRun {
        let copy = ModelLocation.folder(URL(fileURLWithPath: "/bench-comparison-copy"))
        let session = AnalysisSession(cache: ModelCache { _ in loaded }, backgroundPositions: 7)
        let watch = ViewWatch()
        session.subscribe(on: ImmediateScheduler()) { watch.heard($0) }
        func request(_ ids: [Int]) -> AnalysisRequest {
            var r = AnalysisRequest(prompt: "", promptIDs: ids, model: location)
            r.compareModel = copy
            return r
        }
        func drag(_ base: AnalysisRequest, from: Double) -> AnalysisRequest {
            var r = base
            r.options.selection = ComparisonSelection(
                depthFrom: from, depthTo: from + 0.4, tokenFrom: 0, tokenTo: ids.count - 1)
            return r
        }
        /// Milliseconds until the first view update of `r`, and seconds until `done` holds for an update.
        func time(
            _ r: AnalysisRequest, until done: @escaping @Sendable (SessionSnapshot) -> Bool = { _ in true }
        ) throws -> (Double, Double) {
            watch.reset(done: done)
            let t0 = DispatchTime.now().uptimeNanoseconds
            session.start(r)
            let (first, last) = try watch.wait()
            return (Double(first - t0) / 1e6, Double(last - t0) / 1e9)
        }
        var (topK, chip, settled, early, complete) = ([Double](), [Double](), [Double](), [Double](), [Double]())
        for run in 0...max(1, runs) {
            // A new prompt each run (the ids rotated): the analysis runs both models.
            let shift = run % ids.count
            let rotated: [Int] = Array(ids[shift...]) + Array(ids[..<shift])
            let base = request(rotated)
            _ = try time(base)
            let (ms, s) = try time(drag(base, from: 0.1)) { $0.comparison?.selection?.isComplete == true }
            session.waitUntilSettled()
            var controls = base
            controls.options.topK = base.options.topK + 1
            let k = try time(controls).0
            session.waitUntilSettled()
            controls.queryPosition = ids.count - 2
            let c = try time(controls).0
            session.waitUntilSettled()
            let d = try time(drag(controls, from: 0.5)).0
            session.waitUntilSettled()
            guard run > 0 else { continue }  // warm-up
            early.append(ms)
            complete.append(s)
            topK.append(k)
            chip.append(c)
            settled.append(d)
        }
        return ViewRun(
            tokens: ids.count, topKMs: middle(topK), chipMs: middle(chip), dragSettledMs: middle(settled),
            dragAfterAnalysisMs: middle(early), dragCompleteS: middle(complete))
    }
}

/// When a request's first view update and the update it waits for arrived (heard on the session queue).
private final class ViewWatch: @unchecked Sendable {
    private let lock = NSLock()
    private let signal = DispatchSemaphore(value: 0)
    private var first: UInt64?
    private var last: UInt64?
    private var done: @Sendable (SessionSnapshot) -> Bool = { _ in true }
    private var failure: Error?

    func reset(done: @escaping @Sendable (SessionSnapshot) -> Bool) {
        lock.withLock {
            first = nil
            last = nil
            failure = nil
            self.done = done
        }
    }

    func heard(_ update: SessionUpdate) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.withLock {
            switch update {
            case .finished(let s), .viewUpdated(let s):
                if first == nil { first = now }
                guard done(s) else { return }
                last = now
                done = { _ in false }
                signal.signal()
            case .failed(let error):
                failure = error
                signal.signal()
            default:
                break
            }
        }
    }

    /// Waits (up to two minutes) for the update; returns when the first and that one arrived.
    func wait() throws -> (UInt64, UInt64) {
        guard signal.wait(timeout: .now() + 120) == .success else { throw CLIError("a view update never came") }
        let now = DispatchTime.now().uptimeNanoseconds
        return try lock.withLock {
            if let failure { throw failure }
            return (first ?? now, last ?? now)
        }
    }
}
