/// A case's admitted events compiled for folding, with their arrival numbers: what the daemon
/// keeps per case so that evaluating a case needs no event to be parsed again.
///
/// Events are appended in arrival order (each with an arrival number above every one held)
/// and kept in fold order (`at`, then arrival), like ``CaseHistory`` without its duplicate
/// checks: the store has made those across all cases before an event gets here.
/// ``encoded()`` and ``init(decoding:)`` give its compact binary form.
public struct CaseLog: Sendable {
    var input: FoldInput
    /// The arrival number of each record of `input`, in the same (fold) order.
    public private(set) var arrivals: [UInt64]

    /// An empty log.
    public init() {
        input = FoldInput()
        arrivals = []
    }

    init(input: FoldInput, arrivals: [UInt64]) {
        self.input = input
        self.arrivals = arrivals
    }

    /// The events held.
    public var count: Int { arrivals.count }
    /// The highest arrival number held (0 when empty).
    public var lastArrival: UInt64 { arrivals.max() ?? 0 }

    /// Adds an event that arrived after every event held.
    /// - Precondition: `arrival` is above ``lastArrival``.
    public mutating func append(_ event: Event, arrival: UInt64) {
        let position = input.position(after: event.at)
        input.insert(event, at: position)
        arrivals.insert(arrival, at: position)
    }

    /// Adds events in arrival order (see ``append(_:arrival:)``).
    public mutating func append(contentsOf events: some Sequence<SequencedEvent>) {
        for e in events { append(e.event, arrival: e.arrival) }
    }

    /// The state at `t`: events with `at` ≤ `t`, in fold order.
    public func state(at t: Instant, signalDurations: [String: TimeSpan] = [:]) -> CaseState {
        CaseState(input, through: t, signalDurations: signalDurations)
    }

    /// The earliest `at` after `t`, when the case must be folded again.
    public func nextEventAt(after t: Instant) -> Instant? {
        let records = input.records
        var lo = 0, hi = records.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if records[mid].at <= t.microseconds { lo = mid + 1 } else { hi = mid }
        }
        return lo < records.count ? Instant(microseconds: records[lo].at) : nil
    }
}

extension CaseEvaluator {
    /// Folds `log` through `now` and evaluates it (the same as ``evaluate(_:openItems:highestNumbers:now:)``
    /// for the history the log was built from).
    public func evaluate(_ log: CaseLog, caseID: CaseID, openItems: [WorkItem] = [], highestNumbers: ItemNumbers = [:],
                         now: Instant) -> CaseEvaluation {
        let state = log.state(at: now, signalDurations: ruleSet.signalDurations)
        return evaluate(state, caseID: caseID, openItems: openItems, highestNumbers: highestNumbers,
                        nextEventAt: log.nextEventAt(after: now), now: now)
    }
}
