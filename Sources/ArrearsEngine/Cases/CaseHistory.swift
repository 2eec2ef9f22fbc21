/// An event with its arrival sequence number (files by name, lines in file order).
public struct SequencedEvent: Sendable, Equatable {
    public let event: Event
    /// Global arrival order; breaks ties between equal `at`.
    public let arrival: UInt64
    public init(_ event: Event, arrival: UInt64) {
        self.event = event
        self.arrival = arrival
    }

    /// Fold order: `at`, then arrival.
    @inline(__always)
    func precedes(_ other: SequencedEvent) -> Bool {
        event.at != other.event.at ? event.at < other.event.at : arrival < other.arrival
    }
}

/// What became of an event offered to a case (SPEC §3 "Bad input").
public enum Admission: Sendable, Equatable {
    /// New: stored and folded in.
    case accepted
    /// Same id and same content as an event already applied: ignored.
    case duplicate
    /// Rejected; the first event stands.
    case conflict(EventConflict)
}

/// Why an event conflicts with the case's history.
public enum EventConflict: Sendable, Equatable, CustomStringConvertible {
    /// The id was applied before with different content.
    case eventIDReused(EventID)
    /// A second `invoice` event for an invoice id the case already has.
    case invoiceExists(InvoiceID, firstEvent: EventID)

    public var description: String {
        switch self {
        case .eventIDReused(let id):
            "event id \(JSONText.quote(id.rawValue)) was already applied with different content"
        case .invoiceExists(let invoice, let first):
            "invoice \(JSONText.quote(invoice.rawValue)) already exists (event \(JSONText.quote(first.rawValue))); corrections are credit events"
        }
    }
}

/// The admitted events of one case, kept in fold order (`at`, then arrival).
///
/// The duplicate and conflict rules are checked here within the case. An event id is
/// unique across all cases: the store must also refuse an id already used by another case.
public struct CaseHistory: Sendable {
    public let caseID: CaseID
    /// Sorted by (`at`, arrival).
    public private(set) var events: [SequencedEvent] = []
    private var ids: Set<EventID> = []
    private var invoiceEvents: [InvoiceID: EventID] = [:]
    /// `events` compiled for folding, in the same order.
    private var input = FoldInput()

    public init(caseID: CaseID) { self.caseID = caseID }

    /// Rebuilds a history from stored events (any order), admitting them by arrival.
    public init(caseID: CaseID, events: [SequencedEvent]) {
        self.caseID = caseID
        self.events.reserveCapacity(events.count)
        ids.reserveCapacity(events.count)
        input.reserveCapacity(events.count)
        let inOrder = zip(events, events.dropFirst()).allSatisfy { $0.arrival < $1.arrival }
        for e in inOrder ? events : events.sorted(by: { $0.arrival < $1.arrival }) { _ = admit(e.event, arrival: e.arrival) }
    }

    /// Checks `event` against the history and stores it when it is new.
    /// - Precondition: `event.caseID == caseID`.
    public mutating func admit(_ event: Event, arrival: UInt64) -> Admission {
        precondition(event.caseID == caseID, "event of case \(event.caseID) offered to case \(caseID)")
        if let conflict = check(event) {
            if case .eventIDReused = conflict, events.contains(where: { $0.event.id == event.id && $0.event == event }) {
                return .duplicate
            }
            return .conflict(conflict)
        }
        ids.insert(event.id)
        if case .invoice(let invoice, _, _) = event.body { invoiceEvents[invoice] = event.id }
        let item = SequencedEvent(event, arrival: arrival)
        var lo = events.count
        while lo > 0, item.precedes(events[lo - 1]) { lo -= 1 }  // usually appends
        events.insert(item, at: lo)
        input.insert(event, at: lo)
        return .accepted
    }

    /// The conflict `event` would cause, without storing it (`eventIDReused` also covers an
    /// exact duplicate; ``admit(_:arrival:)`` tells the two apart).
    public func check(_ event: Event) -> EventConflict? {
        if ids.contains(event.id) { return .eventIDReused(event.id) }
        if case .invoice(let invoice, _, _) = event.body, let first = invoiceEvents[invoice] {
            return .invoiceExists(invoice, firstEvent: first)
        }
        return nil
    }

    /// The state at `t`: events with `at` ≤ `t`, in fold order.
    public func state(at t: Instant, signalDurations: [String: TimeSpan] = [:]) -> CaseState {
        CaseState(input, through: t, signalDurations: signalDurations)
    }

    /// The earliest `at` after `t`, when the case must be folded again.
    public func nextEventAt(after t: Instant) -> Instant? {
        var lo = 0, hi = events.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if events[mid].event.at <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo < events.count ? events[lo].event.at : nil
    }
}
