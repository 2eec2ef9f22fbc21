/// What reconciling a case's desired items with its open items changes (SPEC §4.5 rule 6).
public struct Reconciliation: Sendable {
    public var opened: [WorkItem] = []
    public var updated: [(before: WorkItem, after: WorkItem)] = []
    public var withdrawn: [(item: WorkItem, why: String)] = []
    /// The open items after reconciliation, in queue order (empty when not asked for).
    public var open: [WorkItem] = []

    public var isEmpty: Bool { opened.isEmpty && updated.isEmpty && withdrawn.isEmpty }

    /// No change.
    public init() {}
}

public enum Reconciler {
    /// Opens, updates and withdraws so that the open items are exactly the decision's items.
    /// `open` of the result is filled when `keepingOpen` (the daemon, which stores the
    /// changes, does not need it).
    public static func reconcile(caseID: CaseID, decision: CaseDecision, context: CaseContext,
                                 facts: ItemFacts, now: Instant, keepingOpen: Bool = true) -> Reconciliation {
        var result = Reconciliation()
        if keepingOpen { result.open.reserveCapacity(decision.items.count) }
        // A case has a few open items, one per action: a list searched in place is cheaper
        // than a dictionary built for every case.
        var unmatched = context.openItems
        for planned in decision.items {
            if let k = unmatched.firstIndex(where: { $0.id.action == planned.name }) {
                let before = unmatched.remove(at: k)
                // Most items stay as they are: compared field by field, not copied and changed first.
                if before.agrees(with: planned, tags: decision.tags) {
                    if keepingOpen { result.open.append(before) }
                    continue
                }
                var item = before
                item.priority = planned.priority
                item.due = planned.due
                item.contactUntil = planned.contactUntil
                item.rules = planned.rules
                item.reasons = planned.reasons
                item.tags = decision.tags
                item.notes = planned.notes
                item.kind = planned.kind
                item.channel = planned.channel
                item.facts = facts
                item.updated = now
                result.updated.append((before, item))
                if keepingOpen { result.open.append(item) }
            } else {
                let number = (context.highestNumber[planned.name] ?? 0) + 1
                let item = WorkItem(id: WorkItemID(caseID: caseID, action: planned.name, number: number),
                                    kind: planned.kind, channel: planned.channel, priority: planned.priority,
                                    due: planned.due, contactUntil: planned.contactUntil, rules: planned.rules,
                                    reasons: planned.reasons, tags: decision.tags, notes: planned.notes,
                                    facts: facts, opened: now, updated: now)
                result.opened.append(item)
                if keepingOpen { result.open.append(item) }
            }
        }
        if unmatched.count > 1 { unmatched.sort { $0.id < $1.id } }
        for item in unmatched {
            let why = decision.suppressed.first { $0.item.name == item.id.action }?.why.description
                ?? "no rule queues \(item.id.action) any more"
            result.withdrawn.append((item, why))
        }
        result.open.sortInQueueOrder()
        return result
    }
}

extension WorkItem {
    /// Whether the item already is what `planned` (with the case's `tags`) asks for: every
    /// field a reconciliation sets, equal. An update changes the facts and time only with one of them.
    func agrees(with planned: PlannedItem, tags: [String]) -> Bool {
        priority == planned.priority && due == planned.due && contactUntil == planned.contactUntil && kind == planned.kind
            && channel == planned.channel && rules == planned.rules && reasons == planned.reasons && self.tags == tags
            && notes == planned.notes
    }
}
