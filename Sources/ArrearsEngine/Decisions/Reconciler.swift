/// What reconciling a case's desired items with its open items changes (SPEC §4.5 rule 6).
public struct Reconciliation: Sendable {
    public var opened: [WorkItem] = []
    public var updated: [(before: WorkItem, after: WorkItem)] = []
    public var withdrawn: [(item: WorkItem, why: String)] = []
    /// The open items after reconciliation.
    public var open: [WorkItem] = []

    public var isEmpty: Bool { opened.isEmpty && updated.isEmpty && withdrawn.isEmpty }

    /// No change.
    public init() {}
}

public enum Reconciler {
    /// Opens, updates and withdraws so that the open items are exactly the decision's items.
    public static func reconcile(caseID: CaseID, decision: CaseDecision, context: CaseContext,
                                 facts: ItemFacts, now: Instant) -> Reconciliation {
        var result = Reconciliation()
        // A case has a few open items, one per action: a list searched in place is cheaper
        // than a dictionary built for every case.
        var unmatched = context.openItems
        for planned in decision.items {
            if let k = unmatched.firstIndex(where: { $0.id.action == planned.name }) {
                var item = unmatched.remove(at: k)
                let before = item
                item.priority = planned.priority
                item.due = planned.due
                item.contactUntil = planned.contactUntil
                item.rules = planned.rules
                item.reasons = planned.reasons
                item.tags = decision.tags
                item.notes = planned.notes
                item.kind = planned.kind
                item.channel = planned.channel
                if item != before {
                    item.facts = facts
                    item.updated = now
                    result.updated.append((before, item))
                }
                result.open.append(item)
            } else {
                let number = (context.highestNumber[planned.name] ?? 0) + 1
                let item = WorkItem(id: WorkItemID(caseID: caseID, action: planned.name, number: number),
                                    kind: planned.kind, channel: planned.channel, priority: planned.priority,
                                    due: planned.due, contactUntil: planned.contactUntil, rules: planned.rules,
                                    reasons: planned.reasons, tags: decision.tags, notes: planned.notes,
                                    facts: facts, opened: now, updated: now)
                result.opened.append(item)
                result.open.append(item)
            }
        }
        unmatched.sort { $0.id < $1.id }
        for item in unmatched {
            let why = decision.suppressed.first { $0.item.name == item.id.action }?.why.description
                ?? "no rule queues \(item.id.action) any more"
            result.withdrawn.append((item, why))
        }
        result.open.sort(by: WorkItem.queueOrder)
        return result
    }
}
