/// A work item the rules want for a case, after merging, before reconciliation.
public struct PlannedItem: Sendable, Hashable {
    /// Index into `RuleSet.actions`.
    public let action: Int
    public let name: String
    public let kind: ActionKind
    public let channel: Channel?
    public let priority: Int
    /// The moment the timing is measured from: the open item's opening time, else now.
    public let openedAt: Instant
    /// The due time from the timing alone, before placement.
    public let timingDue: Instant
    /// After placement in contact hours and limits (equal to `timingDue` without a channel).
    public var due: Instant
    public var contactUntil: Instant?
    public let rules: [String]
    public let reasons: [String]
    public let notes: [String]
}

/// Why a wanted item is not in the queue.
public enum Suppression: Sendable, Hashable, CustomStringConvertible {
    /// A firing rule holds pressure; the hold reasons.
    case hold([String])
    /// The action was finished within its cooldown, which ends then.
    case cooldown(until: Instant)

    public var description: String {
        switch self {
        case .hold(let reasons): "on hold: " + reasons.joined(separator: "; ")
        case .cooldown(let until): "cooldown until \(until)"
        }
    }
}

/// The decisions for one case at one time (SPEC §4.5 rules 1–5).
public struct CaseDecision: Sendable {
    public var outcome: RuleOutcome
    /// Items that belong in the queue, placed.
    public var items: [PlannedItem]
    /// Items the rules want but that are held or cooling down.
    public var suppressed: [(item: PlannedItem, why: Suppression)]
    /// Hold reasons of the firing rules, in rule order.
    public var holds: [String]
    /// Tags of the firing rules, in rule order, without repeats.
    public var tags: [String]
}
