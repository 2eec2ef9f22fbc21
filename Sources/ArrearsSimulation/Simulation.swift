import ArrearsEngine

/// Replays events through a baseline and a candidate rule set and compares the queues at
/// `now` (`arrearsd simulate`). No store, no files: the events are given.
public struct Simulation {
    public let baseline: CaseEvaluator
    public let candidate: CaseEvaluator
    public let maxSteps: Int

    public init(baseline: CaseEvaluator, candidate: CaseEvaluator, maxSteps: Int = 5_000) {
        self.baseline = baseline
        self.candidate = candidate
        self.maxSteps = maxSteps
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

    /// Groups `events` (in arrival order) by case, admits them as the daemon would, replays
    /// each case under both rule sets (``CaseReplay``) and compares the final open items.
    public func run(_ events: [Event], now: Instant) -> Outcome {
        var histories: [CaseID: CaseHistory] = [:]
        var owner: [EventID: CaseID] = [:]
        var conflicts: [(Event, String)] = []
        var admitted = 0
        for (k, event) in events.enumerated() {
            if let other = owner[event.id], other != event.caseID {
                conflicts.append((event, "event id \(JSONText.quote(event.id.rawValue)) is already used by case \(JSONText.quote(other.rawValue))"))
                continue
            }
            var history = histories.removeValue(forKey: event.caseID) ?? CaseHistory(caseID: event.caseID)
            switch history.admit(event, arrival: UInt64(k + 1)) {
            case .accepted:
                owner[event.id] = event.caseID
                admitted += 1
            case .duplicate: break
            case .conflict(let conflict): conflicts.append((event, conflict.description))
            }
            histories[event.caseID] = history
        }
        let old = CaseReplay(evaluator: baseline, maxSteps: maxSteps)
        let new = CaseReplay(evaluator: candidate, maxSteps: maxSteps)
        var oldItems: [WorkItem] = [], newItems: [WorkItem] = []
        var capped: [CaseID] = []
        var steps = 0
        for caseID in histories.keys.sorted() {
            let history = histories[caseID]!
            let a = old.replay(history, now: now), b = new.replay(history, now: now)
            oldItems += a.open
            newItems += b.open
            steps += a.steps + b.steps
            if a.capped || b.capped { capped.append(caseID) }
        }
        return Outcome(diff: QueueDiff(baseline: oldItems, new: newItems), cases: histories.count, events: admitted,
                       conflicts: conflicts, cappedCases: capped, steps: steps)
    }
}
