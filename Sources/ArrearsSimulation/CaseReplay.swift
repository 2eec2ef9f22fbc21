import ArrearsEngine

/// A case's history replayed as if the daemon had received each event at its `at`.
///
/// Starting at the first event, the case is evaluated at every distinct event time and at
/// every next wake-up the evaluator asks for (SPEC §4.5 rule 7: a due time, a contact
/// window's end, a window losing an event, a signal or cooldown ending, local midnight),
/// reconciling each time with the items left open by the step before, so that opening
/// times (from which due times are measured), `contact_until` moves and item numbers
/// behave as in the daemon. A `work_done` closes its item when its time comes, as the
/// daemon closes it on arrival. The periodic `--reevaluate-every` runs are left out: they
/// change nothing a wake-up does not. The last evaluation is at `now`.
public struct CaseReplay {
    public let evaluator: CaseEvaluator
    /// At most this many evaluations per case; past it the replay jumps to `now`.
    public let maxSteps: Int

    public init(evaluator: CaseEvaluator, maxSteps: Int = 5_000) {
        self.evaluator = evaluator
        self.maxSteps = maxSteps
    }

    /// The outcome of replaying one case.
    public struct Result: Sendable {
        /// The open items at `now`, in queue order.
        public let open: [WorkItem]
        public let steps: Int
        /// The step cap was reached (the replay jumped to `now`).
        public let capped: Bool
    }

    public func replay(_ history: CaseHistory, now: Instant) -> Result {
        let events = history.events
        guard let first = events.first?.event.at, first <= now else { return Result(open: [], steps: 0, capped: false) }
        var open: [WorkItem] = []
        var state: CaseState?
        var highest: ItemNumbers = [:]
        var t = first
        var next = 0  // the first event not yet taken in (at > previous step)
        var steps = 0
        var capped = false
        while true {
            // Events up to t arrive now; a work_done closes its item if it is open.
            while next < events.count, events[next].event.at <= t {
                if case .workDone(let work, _, _) = events[next].event.body { open.removeAll { $0.id == work } }
                next += 1
            }
            // Folded again only when an event has come since: the fold holds until its
            // `validUntil` (the next event), and most steps are wake-ups between events.
            if state == nil || state?.validUntil.map({ t >= $0 }) == true {
                state = history.state(at: t, signalDurations: evaluator.ruleSet.signalDurations)
            }
            let evaluation = evaluator.evaluate(state!, caseID: history.caseID, openItems: open, highestNumbers: highest,
                                                nextEventAt: history.nextEventAt(after: t), now: t)
            let reconciliation = evaluation.reconcile()
            for item in reconciliation.opened { highest[item.id.action] = max(highest[item.id.action] ?? 0, item.id.number) }
            open = reconciliation.open
            steps += 1
            if t == now { break }
            var wake = evaluation.nextWake ?? now
            if next < events.count { wake = min(wake, events[next].event.at) }
            if steps >= maxSteps {
                capped = true
                wake = now
            }
            t = min(max(wake, Instant(microseconds: t.microseconds + 1)), now)
        }
        return Result(open: open, steps: steps, capped: capped)
    }
}
