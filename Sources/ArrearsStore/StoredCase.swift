import ArrearsEngine

/// A stored event as its raw text, not yet parsed (parsing is left to the caller, which may
/// spread it over threads).
public struct StoredEventText: Sendable {
    public let arrival: UInt64
    public let id: String
    public let raw: String

    /// The event parsed again from its stored text.
    public func parsed(with parser: EventParser) throws -> SequencedEvent {
        do {
            return SequencedEvent(try parser.parse(line: raw), arrival: arrival)
        } catch {
            throw StoreError.unreadableEvent(id: id, problem: error.description)
        }
    }
}

/// What evaluating a case needs from the store: its events (as text), its open items in
/// queue order, and the highest item number per action.
public struct StoredCase: Sendable {
    public var events: [StoredEventText] = []
    public var openItems: [WorkItem] = []
    public var highestNumbers: [String: Int] = [:]

    public init() {}

    /// The case's history: the stored events parsed, then `extra` (events of the running
    /// batch, already parsed, with arrival numbers above every stored one).
    public func history(of caseID: CaseID, parser: EventParser, extra: [SequencedEvent] = []) throws -> CaseHistory {
        var all: [SequencedEvent] = []
        all.reserveCapacity(events.count + extra.count)
        for e in events { all.append(try e.parsed(with: parser)) }
        all += extra
        return CaseHistory(caseID: caseID, events: all)
    }
}
