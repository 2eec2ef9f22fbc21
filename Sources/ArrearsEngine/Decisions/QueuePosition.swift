/// Where an open item's line stands in the queue file (SPEC §5): priority high first, then
/// due early first, then case, then action, both byte-wise. An open item's case and action
/// make it unique, so no two lines of one queue share a position.
public struct QueuePosition: Sendable, Comparable {
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

    public static func < (a: QueuePosition, b: QueuePosition) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        if a.due != b.due { return a.due < b.due }
        if !a.caseID.rawValue.utf8.elementsEqual(b.caseID.rawValue.utf8) { return a.caseID < b.caseID }
        return ByteOrder.precedes(a.action, b.action)
    }

    /// Equal positions: every field equal, strings byte for byte (as SQLite compares them).
    public static func == (a: QueuePosition, b: QueuePosition) -> Bool {
        a.priority == b.priority && a.due == b.due && a.caseID.rawValue.utf8.elementsEqual(b.caseID.rawValue.utf8)
            && a.action.utf8.elementsEqual(b.action.utf8)
    }
}

extension WorkItem {
    /// The position of the item's line in the queue file.
    public var queuePosition: QueuePosition {
        QueuePosition(priority: priority, due: due, caseID: id.caseID, action: id.action)
    }

    /// Queue order (``QueuePosition``), then the item number: the order of the queue file
    /// (where case and action are unique) for any list of items.
    public static func queueOrder(_ a: WorkItem, _ b: WorkItem) -> Bool {
        let (p, q) = (a.queuePosition, b.queuePosition)
        return p != q ? p < q : a.id.number < b.id.number
    }
}

extension QueuePosition: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(priority)
        hasher.combine(due)
        hasher.combine(caseID.rawValue.utf8.count)
        for byte in caseID.rawValue.utf8 { hasher.combine(byte) }
        for byte in action.utf8 { hasher.combine(byte) }
    }
}
