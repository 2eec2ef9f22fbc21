import ArrearsEngine

/// Read access to the durable state (one consistent snapshot per ``StateStoring/read(_:)``).
///
/// A reader is valid only inside the closure it was handed to; never keep it.
public protocol StoreReader {
    /// The stored events of a case with their arrival numbers, in arrival order.
    func events(of caseID: CaseID) throws -> [SequencedEvent]
    /// The stored event with this id (of any case), or nil.
    func event(id: EventID) throws -> Event?
    /// The open work items of a case, in queue order.
    func openItems(of caseID: CaseID) throws -> [WorkItem]
    /// Every open work item, in queue order (SPEC §5): the content of the queue file.
    func allOpenItems() throws -> [WorkItem]
    /// The open items in queue order (SPEC §5), the first `limit` of them (all when nil), one
    /// at a time from the queue index: the first few cost a few rows, not the whole queue.
    func forEachOpenItem(limit: Int?, _ body: (WorkItem) throws -> Void) throws
    /// A work item of any status, or nil if it was never opened.
    func storedItem(_ id: WorkItemID) throws -> StoredItem?
    /// The highest N ever opened per action for the case, whatever the item's status.
    /// Numbers named only in `work_done` events are not included (SPEC §4.5 rule 8: the
    /// caller adds those from the case's events).
    func highestNumbers(of caseID: CaseID) throws -> [String: Int]
    /// Cases whose next wake-up is at or before `t`, earliest first (ties by case id), at most `limit`.
    func casesDue(atOrBefore t: Instant, limit: Int) throws -> [CaseID]
    /// The next wake-up of a case, or nil (none set, or unknown case).
    func nextWake(of caseID: CaseID) throws -> Instant?
    /// Every case with an event or a wake-up, in byte-wise order.
    func allCaseIDs() throws -> [CaseID]
    var caseCount: Int { get throws }
    var openItemCount: Int { get throws }
    /// Whether an input file with this content hash was already committed.
    func isFileProcessed(sha256: String) throws -> Bool
    func meta(_ key: String) throws -> String?

    /// A case's stored log, open items and highest numbers: what evaluating it needs. In a
    /// write, the log is the one last written: events admitted since are not in it (the
    /// caller adds them, and writes the log back with ``StoreWriter/setLog(of:_:)``).
    func storedCase(_ caseID: CaseID) throws -> StoredCase
    /// ``storedCase(_:)`` for each of `ids` (unique, in byte-wise order), in that order: by
    /// range scans when the ids are dense among the stored cases, else one case at a time.
    func storedCases(_ ids: [CaseID]) throws -> [StoredCase]
    /// Case ids in byte-wise order after `after` (from the first when nil), at most `limit`.
    func caseIDs(after: CaseID?, limit: Int) throws -> [CaseID]
    /// Every open item's queue line head (``WorkItem/queueLineHead(timeZone:)``) in queue
    /// order, with its position; items stored without a line are rendered with `render`.
    /// The bytes are valid only during the call.
    func forEachQueueLineHead(render: (WorkItem) -> String,
                              _ body: (_ position: QueuePosition, _ head: UnsafeBufferPointer<UInt8>) throws -> Void) throws
    /// Every open item's position in queue order with the length in bytes of its stored queue
    /// line head, from the queue index alone; nil (after the positions before it) for an item
    /// stored without a line.
    func forEachQueuePosition(_ body: (_ position: QueuePosition, _ headBytes: Int?) throws -> Void) throws
}

/// Write access: every change made through one writer is one transaction.
public protocol StoreWriter: StoreReader {
    /// Checks each event against the store (and the events before it in `events`) and stores
    /// the new ones with the next arrival numbers, above every stored one and increasing in
    /// the order of `events` within each case. One result per event, in order.
    ///
    /// Each accepted or duplicate event is left in `events` without its raw text (the store
    /// holds it, or the same text stands stored), so that a large batch frees its raw texts as
    /// it is written instead of holding all of them until it commits. A conflicting event
    /// keeps its raw text, for the rejected line.
    func admit(releasingRawOf events: inout [Event]) throws -> [AdmitResult]
    /// Closes an item after a `work_done` (status `closed`, `ended_why` the outcome).
    /// - Returns: where its line stood in the queue, or nil when the item was not open.
    @discardableResult
    func closeItem(_ id: WorkItemID, at: Instant, outcome: WorkOutcome) throws -> QueuePosition?
    /// Inserts the opened items, rewrites the updated ones, marks the withdrawn ones with why.
    /// `queueLine` renders an item's queue line head (``WorkItem/queueLineHead(timeZone:)``)
    /// to store with it; without it the line is rendered when the queue is written.
    func apply(_ reconciliation: Reconciliation, at: Instant, queueLine: ((WorkItem) -> String)?) throws
    /// Sets (or with nil clears) when a case must be evaluated next.
    func setNextWake(case caseID: CaseID, _ wake: Instant?) throws
    /// Replaces the case's log. A log must hold every event admitted for the case: before a
    /// transaction commits, the store compiles the events it admitted into the logs not
    /// written with them.
    func setLog(of caseID: CaseID, _ log: EncodedCaseLog) throws
    /// Remembers an input file whose events were committed in this transaction; the first record stands.
    func recordFile(sha256: String, name: String, applied: Int, rejected: Int, at: Instant) throws
    func setMeta(_ key: String, _ value: String) throws
    /// Renders every open item's stored queue line head again (after a time zone change).
    func renderQueueLines(_ render: (WorkItem) -> String) throws
}

extension StoreWriter {

    /// ``admit(releasingRawOf:)`` on a copy of `events`.
    public func admit(_ events: [Event]) throws -> [AdmitResult] {
        var events = events
        return try admit(releasingRawOf: &events)
    }

    /// ``apply(_:at:queueLine:)`` without stored queue lines.
    public func apply(_ reconciliation: Reconciliation, at: Instant) throws { try apply(reconciliation, at: at, queueLine: nil) }
}

/// A store of the daemon's state; the daemon and the CLI depend on this, not on SQLite.
public protocol StateStoring: AnyObject, Sendable {
    /// Runs `body` on one consistent snapshot.
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func write<T>(_ body: (any StoreWriter) throws -> T) throws -> T
    /// Frees the memory the store keeps between transactions (its page cache), after a
    /// large batch: the next transaction reads what it needs again.
    func releaseMemory() throws
}

/// What became of one event offered to ``StoreWriter/admit(_:)`` (SPEC §3 "Bad input").
public enum AdmitResult: Sendable, Equatable {
    /// New: stored with this global arrival number.
    case accepted(arrival: UInt64)
    /// Same id and content as a stored event: ignored.
    case duplicate
    /// Rejected, the first event standing; `description` is the message.
    case conflict(EventConflict)
}

/// Failures of the store itself (SQLite errors are passed through as they are).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stored event's raw text no longer parses (e.g. the parser became stricter).
    case unreadableEvent(arrival: UInt64, problem: String)
    /// A stored row does not decode.
    case corruptRow(table: String, key: String, problem: String)
    /// A reconciliation updates or withdraws an item that is not open (it was computed from
    /// other state than the store's); the transaction is rolled back.
    case itemNotOpen(id: String, change: String)
    /// The file was written by a newer arrearsd, or a read-only open found it not yet migrated.
    case schemaMismatch(String)

    public var description: String {
        switch self {
        case let .unreadableEvent(arrival, problem): "stored event \(arrival) (arrival number) does not parse: \(problem)"
        case let .corruptRow(table, key, problem): "\(table) row \(JSONText.quote(key)): \(problem)"
        case let .itemNotOpen(id, change): "cannot \(change) work item \(id): it is not open"
        case let .schemaMismatch(message): message
        }
    }
}

/// The status of a stored work item.
public enum ItemStatus: String, Sendable, Hashable {
    case open, closed, withdrawn
}

/// A work item as stored, with how it ended (for `explain` and `work_done` handling).
public struct StoredItem: Sendable, Hashable {
    public let item: WorkItem
    public let status: ItemStatus
    /// When it was closed or withdrawn.
    public let endedAt: Instant?
    /// The `work_done` outcome for a closed item, the reason for a withdrawn one.
    public let endedWhy: String?

    public init(item: WorkItem, status: ItemStatus, endedAt: Instant?, endedWhy: String?) {
        self.item = item
        self.status = status
        self.endedAt = endedAt
        self.endedWhy = endedWhy
    }
}
