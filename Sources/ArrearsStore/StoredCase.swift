import ArrearsEngine

/// A stored event as its raw text, not yet parsed (parsing is left to the caller, which may
/// spread it over threads).
public struct StoredEventText: Sendable {
    public let arrival: UInt64
    public let raw: String

    /// The event parsed again from its stored text.
    public func parsed(with parser: EventParser) throws -> SequencedEvent {
        do {
            return SequencedEvent(try parser.parse(line: raw), arrival: arrival)
        } catch {
            throw StoreError.unreadableEvent(arrival: arrival, problem: error.description)
        }
    }
}

/// What evaluating a case needs from the store: its log (the events compiled for folding, in
/// the binary form of ``CaseLog``) and its open items (their rows as read), both decoded by
/// the caller, which may spread that over threads; the highest item number per action, and
/// its next wake-up.
public struct StoredCase: Sendable {
    /// ``CaseLog/encoded()``; empty for a case without a log.
    public var log: [UInt8] = []
    /// When the case is due to be evaluated again, as stored (nil: not set).
    public var nextWake: Instant?
    /// The open items' `work_items` rows (``WorkItemRow/columns``), not yet decoded.
    var itemRows = ItemRows()
    /// The highest item number per action, as read (each action's name one string shared by
    /// the cases read together).
    var numbers: [(action: String, number: Int)] = []

    /// The highest item number per action.
    public var highestNumbers: [String: Int] { itemNumbers.dictionary }

    /// The same without building a dictionary.
    public var itemNumbers: ItemNumbers { ItemNumbers(entries: numbers) }

    public init() {}

    /// The open items, in queue order; their lists through `lists` when given.
    public func decodedOpenItems(lists: ItemListCache? = nil) throws -> [WorkItem] {
        var items = try itemRows.map { try WorkItemRow.decode(columns: $0, lists: lists) }
        items.sortInQueueOrder()
        return items
    }

    /// The decoded log.
    public func decodedLog(of caseID: CaseID) throws -> CaseLog { try Self.decodedLog(log, of: caseID) }

    static func decodedLog(_ bytes: [UInt8], of caseID: CaseID) throws -> CaseLog {
        do {
            return try CaseLog(decoding: bytes)
        } catch {
            throw StoreError.corruptRow(table: "cases", key: caseID.rawValue, problem: error.description)
        }
    }
}

/// A case log ready to be stored: its binary form and the highest arrival it holds.
public struct EncodedCaseLog: Sendable {
    public let bytes: [UInt8]
    public let lastArrival: UInt64

    public init(_ log: CaseLog) {
        bytes = log.encoded()
        lastArrival = log.lastArrival
    }
}
