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
        order(a.priority, a.due, a.caseID, a.action, b.priority, b.due, b.caseID, b.action) ?? false
    }

    /// Whether the position of the first fields comes before that of the second, or nil when
    /// they are equal: the order of ``<``, on fields wherever they are held.
    @inline(__always)
    static func order(_ p: Int, _ d: Instant, _ c: CaseID, _ a: String, _ q: Int, _ e: Instant, _ k: CaseID, _ b: String) -> Bool? {
        if p != q { return p > q }
        if d != e { return d < e }
        if !c.rawValue.utf8.elementsEqual(k.rawValue.utf8) { return c < k }
        if !a.utf8.elementsEqual(b.utf8) { return ByteOrder.precedes(a, b) }
        return nil
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
    /// (where case and action are unique) for any list of items. Compares the fields in
    /// place, without making a ``QueuePosition`` of either item.
    public static func queueOrder(_ a: WorkItem, _ b: WorkItem) -> Bool {
        withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in queueOrder(a, b) } }
    }

    /// ``queueOrder(_:_:)`` of the items at two addresses, reading only the fields it compares
    /// (passed whole from an array, each item was copied, retaining everything it holds).
    static func queueOrder(_ a: UnsafePointer<WorkItem>, _ b: UnsafePointer<WorkItem>) -> Bool {
        QueuePosition.order(a.pointee.priority, a.pointee.due, a.pointee.id.caseID, a.pointee.id.action,
                            b.pointee.priority, b.pointee.due, b.pointee.id.caseID, b.pointee.id.action)
            ?? (a.pointee.id.number < b.pointee.id.number)
    }
}

extension Array where Element == WorkItem {
    /// Sorts the items in ``WorkItem/queueOrder(_:_:)``. A case's few items, usually in that
    /// order already, are sorted by insertion in place: the standard sort allocated a buffer
    /// for every case with two or more.
    public mutating func sortInQueueOrder() {
        guard count > 1 else { return }
        guard count <= 16 else { return sort(by: WorkItem.queueOrder) }
        withUnsafeMutableBufferPointer { items in
            let first = UnsafePointer(items.baseAddress!)
            for i in 1..<items.count {
                var j = i
                while j > 0, WorkItem.queueOrder(first + j, first + j - 1) {
                    items.swapAt(j, j - 1)
                    j -= 1
                }
            }
        }
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
