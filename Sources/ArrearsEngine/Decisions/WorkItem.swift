/// A work item id, `CASE/ACTION/N` (SPEC §4.5 rule 8). Never reused.
public struct WorkItemID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let caseID: String
    public let action: String
    public let number: Int

    public init(caseID: String, action: String, number: Int) {
        self.caseID = caseID
        self.action = action
        self.number = number
    }

    /// Parses `CASE/ACTION/N`: the case id may itself not contain `/`; N is a positive integer.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              let n = Int(parts[2]), n > 0, String(n) == parts[2] else { return nil }
        self.init(caseID: String(parts[0]), action: String(parts[1]), number: n)
    }

    public var description: String { "\(caseID)/\(action)/\(number)" }

    public static func < (a: WorkItemID, b: WorkItemID) -> Bool {
        if a.caseID != b.caseID { return a.caseID.utf8.lexicographicallyPrecedes(b.caseID.utf8) }
        if a.action != b.action { return a.action.utf8.lexicographicallyPrecedes(b.action.utf8) }
        return a.number < b.number
    }
}

/// The facts recorded with a work item as of its last open or update (SPEC §5).
public struct ItemFacts: Sendable, Hashable {
    public let arrearsAmount: Exact
    public let arrearsDays: Int
    public init(arrearsAmount: Exact, arrearsDays: Int) {
        self.arrearsAmount = arrearsAmount
        self.arrearsDays = arrearsDays
    }
}

/// An open work item: one line of the queue file.
public struct WorkItem: Sendable, Hashable {
    public let id: WorkItemID
    public var kind: ActionKind
    public var channel: Channel?
    public var priority: Int
    public var due: Instant
    /// The end of the contact window the item was placed in (items with a channel).
    public var contactUntil: Instant?
    /// Names of the rules that queue it, in rule order.
    public var rules: [String]
    /// Their descriptions (or names), in rule order.
    public var reasons: [String]
    /// The case's tags.
    public var tags: [String]
    /// Notes of the queue effects.
    public var notes: [String]
    public var facts: ItemFacts
    public let opened: Instant
    public var updated: Instant

    public init(id: WorkItemID, kind: ActionKind, channel: Channel?, priority: Int, due: Instant, contactUntil: Instant?,
                rules: [String], reasons: [String], tags: [String], notes: [String], facts: ItemFacts,
                opened: Instant, updated: Instant) {
        self.id = id
        self.kind = kind
        self.channel = channel
        self.priority = priority
        self.due = due
        self.contactUntil = contactUntil
        self.rules = rules
        self.reasons = reasons
        self.tags = tags
        self.notes = notes
        self.facts = facts
        self.opened = opened
        self.updated = updated
    }

    /// Queue order (SPEC §5): priority high first, then due early first, then case, then action.
    public static func queueOrder(_ a: WorkItem, _ b: WorkItem) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        if a.due != b.due { return a.due < b.due }
        return a.id < b.id
    }
}
