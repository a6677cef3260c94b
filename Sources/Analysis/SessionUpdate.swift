/// What a session tells its subscribers, in order: tokenized, layer 0…L, then finished — or failed / cancelled.
///
/// A request whose model and prompt were already run gets only `viewUpdated`: its views are recomputed
/// from the kept run, the model does not run again.
public enum SessionUpdate: Sendable {
    /// The prompt is tokenized; no layer yet.
    case tokenized(SessionSnapshot)
    /// Layer l (0 = embedding) of the primary model is done.
    case layer(Int, SessionSnapshot)
    /// Activation patching finished one more layer: every other view is done (the snapshot's stage is
    /// already `.finished`), and `finished` (or `viewUpdated`) follows the last layer.
    case patching(SessionSnapshot)
    /// The whole analysis (metrics, clustering, comparison) is done.
    case finished(SessionSnapshot)
    /// The views of an already finished run were recomputed for new controls, a new query position, a
    /// new selection or new contrast tokens (no forward pass).
    case viewUpdated(SessionSnapshot)
    /// The prompt is longer than the request's `confirmAbove`: nothing ran. The estimate says what a run
    /// would cost; the snapshot has the tokens. Start the request again without `confirmAbove` to run it.
    case confirmationNeeded(RunEstimate, SessionSnapshot)
    /// The run stopped on an error; the message says what to do.
    case failed(any Error)
    /// The run was cancelled (by `cancel()`); a newer `start` replaces a run without this update.
    case cancelled

    /// The snapshot this update carries, if any.
    public var snapshot: SessionSnapshot? {
        switch self {
        case .tokenized(let s), .layer(_, let s), .patching(let s), .finished(let s), .viewUpdated(let s),
            .confirmationNeeded(_, let s):
            s
        case .failed, .cancelled: nil
        }
    }
}
