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
        /// Events refused as the daemon would: a reused id with other content, a second
        /// invoice; in arrival order (the arrival is the event's place in the files given).
        public let conflicts: [EventConflictReport]
        /// Cases whose replay hit the step cap (under either rule set), in case order.
        public let cappedCases: [CaseID]
        public let steps: Int
    }

    /// Replays each case of `histories` under both rule sets (``CaseReplay``) and compares
    /// the final open items.
    public func run(_ input: consuming CaseHistories, now: Instant) -> Outcome {
        let (histories, conflicts, admitted) = (input.byCase, input.conflicts, input.admitted)
        let foreign = input.foreign
        _ = consume input  // the event ids' owners are not needed for the replay
        // Cases of other partitions were admitted only to decide which case owns an id.
        let cases = histories.keys.filter { !foreign.contains($0) }.sorted()
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
        return Outcome(diff: QueueDiff(baseline: oldItems, new: newItems), cases: cases.count, events: admitted,
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

extension Simulation.Outcome {
    /// The outcomes of the partitions of one replay (disjoint sets of cases) as one.
    public init(merging parts: [Simulation.Outcome]) {
        self.init(diff: QueueDiff(merging: parts.map(\.diff)), cases: parts.reduce(0) { $0 + $1.cases },
                  events: parts.reduce(0) { $0 + $1.events },
                  conflicts: parts.flatMap(\.conflicts).sorted { $0.arrival < $1.arrival },
                  cappedCases: parts.flatMap(\.cappedCases).sorted(), steps: parts.reduce(0) { $0 + $1.steps })
    }
}
