/// The event types of SPEC §3.
public enum EventType: String, Sendable, CaseIterable, Hashable {
    case invoice, payment, credit, contact, signal, arrangement
    case workDone = "work_done"
    case customer
}

/// `outbound` (an attempt by the creditor) or `inbound` (the customer made contact).
public enum ContactDirection: String, Sendable, CaseIterable, Hashable {
    case outbound, inbound
}

/// The outcome of a contact.
public enum ContactOutcome: String, Sendable, CaseIterable, Hashable {
    case reached
    case noAnswer = "no_answer"
    case voicemail
    case wrongNumber = "wrong_number"
    case bounced, delivered
}

/// The outcome of a finished work item.
public enum WorkOutcome: String, Sendable, CaseIterable, Hashable {
    case done, failed, skipped
}

/// One key of a `customer` event: set a value or delete the key (`null`).
public enum AttributeUpdate: Sendable, Hashable {
    case set(AttributeValue)
    case delete
}

/// The type-specific fields of an event.
public enum EventBody: Sendable, Hashable {
    case invoice(invoice: InvoiceID, amount: Exact, due: LocalDate)
    /// `invoice` nil: unnamed.
    case payment(amount: Exact, invoice: InvoiceID?)
    case credit(invoice: InvoiceID, amount: Exact)
    case contact(channel: Channel, direction: ContactDirection, outcome: ContactOutcome)
    /// `cleared: true` ends activations; otherwise the event starts one.
    case signal(name: String, until: LocalDate?, cleared: Bool)
    /// `status` is never `.none`.
    case arrangement(status: ArrangementStatus, installment: Exact?)
    case workDone(work: WorkItemID, outcome: WorkOutcome, note: String?)
    case customer(attributes: AttributeUpdates)

    public var type: EventType {
        switch self {
        case .invoice: .invoice
        case .payment: .payment
        case .credit: .credit
        case .contact: .contact
        case .signal: .signal
        case .arrangement: .arrangement
        case .workDone: .workDone
        case .customer: .customer
        }
    }
}

/// Something in an event that was ignored, e.g. a `payday` attribute out of 1–31.
public struct EventWarning: Sendable, Hashable, CustomStringConvertible {
    /// The field path, e.g. `attributes.payday`.
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
    /// `field "attributes.payday": message`.
    public var description: String { "field \(JSONText.quote(field)): \(message)" }
}

/// One inbox event (SPEC §3).
///
/// Equality is *content* equality for the duplicate-id rule: `id`, `caseID`, `at` (as an
/// instant, whatever offset it was written with) and the parsed known fields. The raw text
/// (unknown fields), the written offset and the warnings do not take part.
public struct Event: Sendable, Equatable, CustomStringConvertible {
    public let id: EventID
    public let caseID: CaseID
    public let at: Instant
    /// The UTC offset `at` was written with, in seconds.
    public let offsetSeconds: Int
    public let body: EventBody
    /// The event's JSON text as received, unknown fields included; kept for storage.
    public private(set) var raw: String
    /// Problems that were ignored while parsing.
    public let warnings: [EventWarning]

    /// An event; with `raw` nil, the raw text is the canonical JSON of the known fields.
    public init(id: EventID, caseID: CaseID, at: Instant, offsetSeconds: Int = 0, body: EventBody,
                raw: String? = nil, warnings: [EventWarning] = []) {
        self.id = id
        self.caseID = caseID
        self.at = at
        self.offsetSeconds = offsetSeconds
        self.body = body
        self.warnings = warnings
        self.raw = raw ?? Event.canonicalJSON(id: id, caseID: caseID, at: at, offsetSeconds: offsetSeconds, body: body)
    }

    public var type: EventType { body.type }

    /// The same event with an empty raw text, to keep in memory where only its content counts.
    public var withoutRaw: Event {
        var event = self
        event.releaseRaw()
        return event
    }

    /// Empties the raw text in place (see ``withoutRaw``).
    public mutating func releaseRaw() { raw = "" }

    public static func == (a: Event, b: Event) -> Bool { a.hasSameContent(as: b) }

    /// Same id, case, instant and known fields (the duplicate-id rule of SPEC §3).
    public func hasSameContent(as other: Event) -> Bool {
        id == other.id && caseID == other.caseID && at == other.at && body == other.body
    }

    public var description: String { raw }
}
