import ArrearsEngine

/// The queue lines that changes removed and added, in the order the changes were made, so
/// that the queue file can be rewritten from the one written before (``QueueFileLayout``).
/// Past ``limit`` edits it keeps none and says so: the queue is then rewritten from the store.
struct QueueEdits {
    /// Edits kept at most. Beyond this many changes the store's queue index is as quick.
    static let limit = 20_000

    private enum Edit {
        case remove(QueuePosition)
        case add(QueuePosition, head: String)
    }

    private var edits: [Edit] = []
    /// More edits were made than are kept.
    private(set) var overflowed = false

    var count: Int { edits.count }

    /// An open item's line leaves the queue (withdrawn, closed, or replaced by an update).
    mutating func remove(_ position: QueuePosition) { keep(.remove(position)) }

    /// An item's line enters the queue (opened, or the new state of an updated item), with
    /// its rendered head (``WorkItem/queueLineHead(timeZone:)``).
    mutating func add(_ item: WorkItem, head: String) { keep(.add(item.queuePosition, head: head)) }

    /// Whether appending `other` leaves more edits than are kept.
    func overflows(with other: QueueEdits) -> Bool {
        overflowed || other.overflowed || count + other.count > Self.limit
    }

    mutating func append(_ other: QueueEdits) {
        overflowed = overflowed || other.overflowed
        for edit in other.edits { keep(edit) }
    }

    private mutating func keep(_ edit: Edit) {
        guard !overflowed else { return }
        if edits.count == Self.limit {
            overflowed = true
            edits = []
        } else {
            edits.append(edit)
        }
    }

    /// The net change, each list in queue order: the lines of the file written before that
    /// go, and the lines that come (a line added and removed again by later edits is in neither).
    func net() -> (removed: [QueuePosition], added: [(position: QueuePosition, head: String)]) {
        var removed: [QueuePosition] = []
        var added: [QueuePosition: String] = [:]
        for edit in edits {
            switch edit {
            case .add(let position, let head):
                added[position] = head
            case .remove(let position):
                if added.removeValue(forKey: position) == nil { removed.append(position) }
            }
        }
        return (removed.sorted(), added.map { (position: $0.key, head: $0.value) }.sorted { $0.position < $1.position })
    }
}
