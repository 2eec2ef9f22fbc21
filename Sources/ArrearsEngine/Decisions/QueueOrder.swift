/// Where an open item's line stands in the queue file (SPEC §5): priority high first, then
/// due early first, then case, then action, both byte-wise. An open item's case and action
/// make it unique, so no two lines of one queue share a position.
public struct QueueOrder: Sendable, Comparable {
    public let priority: Int
    public let due: Instant
    public let caseID: CaseID
    public let action: String

    public init(priority: Int, due: Instant, caseID: CaseID, action: String) {
        self.priority = priority
        self.due = due
        self.caseID = caseID
        self.action = action
    }

    public static func < (a: QueueOrder, b: QueueOrder) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        if a.due != b.due { return a.due < b.due }
        if !a.caseID.rawValue.utf8.elementsEqual(b.caseID.rawValue.utf8) { return a.caseID < b.caseID }
        return a.action.utf8.lexicographicallyPrecedes(b.action.utf8)
    }

    /// Equal positions: every field equal, strings byte for byte (as SQLite compares them).
    public static func == (a: QueueOrder, b: QueueOrder) -> Bool {
        a.priority == b.priority && a.due == b.due && a.caseID.rawValue.utf8.elementsEqual(b.caseID.rawValue.utf8)
            && a.action.utf8.elementsEqual(b.action.utf8)
    }
}

extension WorkItem {
    /// The position of the item's line in the queue file.
    public var queueOrder: QueueOrder {
        QueueOrder(priority: priority, due: due, caseID: id.caseID, action: id.action)
    }
}

extension QueueOrder: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(priority)
        hasher.combine(due)
        hasher.combine(caseID.rawValue.utf8.count)
        for byte in caseID.rawValue.utf8 { hasher.combine(byte) }
        for byte in action.utf8 { hasher.combine(byte) }
    }
}
