import ArrearsEngine

/// Replays events through a baseline and a candidate rule set and compares the queues at
/// `now` (`arrearsd simulate`). No store, no files: the events are given.
public struct Simulation {
    public let baseline: RuleSet
    public let candidate: RuleSet
    public let maxSteps: Int
    /// Cases are replayed on this many threads (each with its own evaluators).
    public let threads: Int

    /// nil when a rule set's time zone is unknown (the checker rejects that already).
    public init?(baseline: RuleSet, candidate: RuleSet, maxSteps: Int = 5_000, threads: Int = 2) {
        guard CaseEvaluator(baseline) != nil, CaseEvaluator(candidate) != nil else { return nil }
        self.baseline = baseline
        self.candidate = candidate
        self.maxSteps = maxSteps
        self.threads = max(1, threads)
    }

    /// What the replay found.
    public struct Outcome: Sendable {
        public let diff: QueueDiff
        public let cases: Int
        /// Events taken in (duplicates and conflicts left out).
        public let events: Int
        /// Events refused as the daemon would: a reused id with other content, a second invoice.
        public let conflicts: [(event: Event, problem: String)]
        /// Cases whose replay hit the step cap (under either rule set).
        public let cappedCases: [CaseID]
        public let steps: Int
    }

    /// Replays each case of `histories` under both rule sets (``CaseReplay``) and compares
    /// the final open items.
    public func run(_ input: consuming CaseHistories, now: Instant) -> Outcome {
        let (histories, conflicts, admitted) = (input.byCase, input.conflicts, input.admitted)
        _ = consume input  // the event ids' owners are not needed for the replay
        let cases = histories.keys.sorted()
        let results = replayAll(cases.map { histories[$0]! }, now: now)
        var oldItems: [WorkItem] = [], newItems: [WorkItem] = []
        var capped: [CaseID] = []
        var steps = 0
        for (caseID, (a, b)) in zip(cases, results) {
            oldItems += a.open
            newItems += b.open
            steps += a.steps + b.steps
            if a.capped || b.capped { capped.append(caseID) }
        }
        return Outcome(diff: QueueDiff(baseline: oldItems, new: newItems), cases: histories.count, events: admitted,
                       conflicts: conflicts, cappedCases: capped, steps: steps)
    }

    /// Each history replayed under both rule sets, in the order given, on `threads` threads
    /// (each with its own pair of evaluators).
    func replayAll(_ histories: [CaseHistory], now: Instant) -> [(CaseReplay.Result, CaseReplay.Result)] {
        let (baseline, candidate, maxSteps) = (self.baseline, self.candidate, self.maxSteps)
        return ParallelMap.map(histories, workers: threads, context: { _ in
            (CaseReplay(evaluator: CaseEvaluator(baseline)!, maxSteps: maxSteps),
             CaseReplay(evaluator: CaseEvaluator(candidate)!, maxSteps: maxSteps))
        }) { replays, history in
            (replays.0.replay(history, now: now), replays.1.replay(history, now: now))
        }
    }
}

/// Events grouped by case and admitted as the daemon would (SPEC §3: a reused id with other
/// content or a second invoice is a conflict, an exact resend a duplicate), given a file at
/// a time in arrival order so that no list of all events is held beside the histories. The
/// histories keep the events without their raw text, which the replay does not read.
public struct CaseHistories {
    fileprivate var byCase: [CaseID: CaseHistory] = [:]
    private var owner: [EventID: CaseID] = [:]
    /// Events refused, with why.
    public private(set) var conflicts: [(event: Event, problem: String)] = []
    /// Events taken in (duplicates and conflicts left out).
    public private(set) var admitted = 0
    private var arrivals: UInt64 = 0

    public init() {}

    /// Admits `events`, which arrive after every event admitted before.
    public mutating func admit(_ events: [Event]) {
        for event in events {
            arrivals += 1
            if let other = owner[event.id], other != event.caseID {
                conflicts.append((event, "event id \(JSONText.quote(event.id.rawValue)) is already used by case \(JSONText.quote(other.rawValue))"))
                continue
            }
            var history = byCase.removeValue(forKey: event.caseID) ?? CaseHistory(caseID: event.caseID)
            switch history.admit(event.withoutRaw, arrival: arrivals) {
            case .accepted:
                owner[event.id] = event.caseID
                admitted += 1
            case .duplicate: break
            case .conflict(let conflict): conflicts.append((event, conflict.description))
            }
            byCase[event.caseID] = history
        }
    }
}
