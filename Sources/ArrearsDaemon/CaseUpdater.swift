import ArrearsEngine
import ArrearsStore

/// Changes to the queue made while applying a batch or re-evaluating, for logging and metrics.
struct QueueChanges {
    var opened: [WorkItem] = []
    var updated: [WorkItem] = []
    var withdrawn: [(item: WorkItem, why: String)] = []
    var closed: [WorkItemID] = []
    var evaluated = 0
    var errors: [(caseID: CaseID, error: EvaluationError)] = []

    var isEmpty: Bool { opened.isEmpty && updated.isEmpty && withdrawn.isEmpty && closed.isEmpty }

    mutating func merge(_ other: QueueChanges) {
        opened += other.opened
        updated += other.updated
        withdrawn += other.withdrawn
        closed += other.closed
        evaluated += other.evaluated
        errors += other.errors
    }
}

/// Evaluates cases inside a store transaction and records what changed (SPEC §4.5 rules 6–7).
struct CaseUpdater {
    let evaluator: CaseEvaluator
    let reevaluateEvery: TimeSpan

    /// Evaluates `caseID` at `now`, applies the reconciliation and sets its next wake-up.
    func update(_ caseID: CaseID, in store: StoreWriter, now: Instant, changes: inout QueueChanges) throws {
        let history = CaseHistory(caseID: caseID, events: try store.events(of: caseID))
        let evaluation = evaluator.evaluate(history, openItems: try store.openItems(of: caseID),
                                            highestNumbers: try store.highestNumbers(of: caseID), now: now)
        let reconciliation = evaluation.reconcile()
        if !reconciliation.isEmpty { try store.apply(reconciliation, at: now) }
        let latest = now + reevaluateEvery
        try store.setNextWake(case: caseID, evaluation.nextWake.map { min($0, latest) } ?? latest)
        changes.evaluated += 1
        changes.opened += reconciliation.opened
        changes.updated += reconciliation.updated.map(\.after)
        changes.withdrawn += reconciliation.withdrawn
        for (_, error) in evaluation.decision.outcome.errors { changes.errors.append((caseID, error)) }
    }
}
