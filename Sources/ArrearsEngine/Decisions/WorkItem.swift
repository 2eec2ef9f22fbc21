extension WorkItemID: Comparable {
    /// Parses `CASE/ACTION/N`, or nil.
    public init?(_ text: String) {
        guard case .success(let id) = WorkItemID.parse(text) else { return nil }
        self = id
    }

    /// Case, then action (byte-wise), then number.
    public static func < (a: WorkItemID, b: WorkItemID) -> Bool {
        if a.caseID != b.caseID { return a.caseID < b.caseID }
        if a.action != b.action { return ByteOrder.precedes(a.action, b.action) }
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
}
