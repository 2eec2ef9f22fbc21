/// Parses inbox event lines (SPEC §3) strictly: a line is accepted whole or rejected with one
/// error naming the field. Unknown fields are ignored but kept in ``Event/raw``.
public struct EventParser: Sendable {
    /// Lines longer than this many bytes are rejected unread.
    public static let defaultMaxLineBytes = 1 << 20

    /// The calendar date of an instant, for the `until` check; nil: the date in the offset
    /// `at` was written with.
    public let localDate: (@Sendable (Instant) -> LocalDate)?
    public let maxLineBytes: Int

    public init(localDate: (@Sendable (Instant) -> LocalDate)? = nil, maxLineBytes: Int = EventParser.defaultMaxLineBytes) {
        self.localDate = localDate
        self.maxLineBytes = maxLineBytes
    }

    /// Parses one line with the default parser (the `until` check uses `at`'s own offset).
    public static func parse(line: Substring) throws(EventParseError) -> Event { try EventParser().parse(line: line) }
    public static func parse(line: String) throws(EventParseError) -> Event { try EventParser().parse(line: line[...]) }

    public func parse(line: String) throws(EventParseError) -> Event { try parse(line: line[...]) }

    public func parse(line: Substring) throws(EventParseError) -> Event { try parse(lineBytes: line.utf8) }

    /// Parses raw bytes, so that invalid UTF-8 is reported instead of replaced.
    public func parse(lineBytes: some Collection<UInt8>) throws(EventParseError) -> Event {
        if let flat = flatEvent(lineBytes) { return try flat.get() }
        return try strictEvent(lineBytes)
    }

    /// The event of any line, through the strict reader's JSON tree.
    func strictEvent(_ bytes: some Collection<UInt8>) throws(EventParseError) -> Event {
        let value = try readJSON(bytes)
        // The reader accepted the bytes, so they are valid UTF-8.
        return try event(from: value, raw: String(decoding: bytes, as: UTF8.self))
    }

    /// The event (or the error about a field) of a line that ``FlatJSONObject`` reads in
    /// place: the same as through the JSON tree, built without it. nil for any other line
    /// (or bytes that are not contiguous), which the strict reader then reads.
    func flatEvent(_ bytes: some Collection<UInt8>) -> Result<Event, EventParseError>? {
        guard bytes.count <= maxLineBytes else { return nil }
        return bytes.withContiguousStorageIfAvailable { line in
            withUnsafeTemporaryAllocation(of: FlatJSONObject.Member.self, capacity: FlatJSONObject.maxMembers) { slots in
                guard let object = FlatJSONObject.scan(line, into: slots) else { return nil }
                do throws(EventParseError) {
                    // Only printable ASCII was taken, so the bytes are valid UTF-8.
                    return .success(try event(from: EventFields(object: object), raw: String(decoding: line, as: UTF8.self)))
                } catch {
                    return .failure(error)
                }
            }
        } ?? nil
    }

    func readJSON(_ bytes: some Collection<UInt8>) throws(EventParseError) -> JSONValue {
        if bytes.count > maxLineBytes { throw .tooLong(bytes: bytes.count, limit: maxLineBytes) }
        do throws(JSONError) {
            return try JSONReader.parse(bytes: bytes)
        } catch {
            throw .invalidJSON(error)
        }
    }

    /// Builds an event from an already parsed JSON value.
    public func event(from value: JSONValue, raw: String) throws(EventParseError) -> Event {
        guard case .object(let object) = value else { throw .notAnObject(found: value.kindDescription) }
        return try event(from: EventFields(object: object), raw: raw)
    }

    func event<Source>(from f: EventFields<Source>, raw: String) throws(EventParseError) -> Event {
        let id = EventID(rawValue: try f.id("id"))
        let type = try f.choice("type", EventType.self)
        let caseID = CaseID(rawValue: try f.id("case"))
        let atText = try f.string("at")
        guard let (at, offset) = Instant.parseRFC3339(atText[...]) else {
            throw .invalidField(field: "at", problem: "\(JSONText.quote(atText)) is not an RFC 3339 timestamp with offset (like 2026-11-23T09:14:02+01:00)")
        }
        var warnings: [EventWarning] = []
        let body: EventBody
        switch type {
        case .invoice:
            body = .invoice(invoice: InvoiceID(rawValue: try f.id("invoice")), amount: try f.amount("amount", positive: true),
                            due: try f.date("due"))
        case .payment:
            let amount = try f.amount("amount", positive: true)
            let invoice = try f.optional("invoice").map { v throws(EventParseError) in InvoiceID(rawValue: try FieldValue.id(v, "invoice")) }
            body = .payment(amount: amount, invoice: invoice)
        case .credit:
            body = .credit(invoice: InvoiceID(rawValue: try f.id("invoice")), amount: try f.amount("amount", positive: true))
        case .contact:
            body = .contact(channel: try f.choice("channel", Channel.self), direction: try f.choice("direction", ContactDirection.self),
                            outcome: try f.choice("outcome", ContactOutcome.self))
        case .signal:
            body = try signal(f, at: at, offset: offset)
        case .arrangement:
            let status = try f.choice("status", ArrangementStatus.self, excluding: [ArrangementStatus.none.rawValue])
            let installment = try f.optional("installment").map { v throws(EventParseError) in
                try FieldValue.amount(v, "installment", positive: false)
            }
            body = .arrangement(status: status, installment: installment)
        case .workDone:
            body = .workDone(work: try work(f, caseID: caseID), outcome: try f.choice("outcome", WorkOutcome.self),
                             note: try f.optionalString("note"))
        case .customer:
            body = .customer(attributes: try attributes(f, warnings: &warnings))
        }
        return Event(id: id, caseID: caseID, at: at, offsetSeconds: offset, body: body, raw: raw, warnings: warnings)
    }

    func signal<Source>(_ f: EventFields<Source>, at: Instant, offset: Int) throws(EventParseError) -> EventBody {
        let name = try f.string("signal")
        guard IdentifierRule.isName(name) else {
            throw .invalidField(field: "signal", problem: "\(JSONText.quote(name)) is not a name ([a-z_][a-z0-9_]*)")
        }
        let until = try f.optional("until").map { v throws(EventParseError) in try FieldValue.date(v, "until") }
        let cleared = try f.optionalBool("cleared") ?? false
        if let until {
            let atDate = localDate?(at) ?? LocalDate(dayNumber: Int((at.seconds + Int64(offset)).floorDiv(86_400)))
            if until < atDate {
                throw .invalidField(field: "until", problem: "\(until) is before the date of \"at\", \(atDate)")
            }
        }
        return .signal(name: name, until: until, cleared: cleared)
    }

    func work<Source>(_ f: EventFields<Source>, caseID: CaseID) throws(EventParseError) -> WorkItemID {
        let text = try f.string("work")
        switch WorkItemID.parse(text) {
        case .failure(let problem):
            if case .notThreeParts = problem {
                throw .invalidField(field: "work", problem: "\(JSONText.quote(text)) \(problem)")
            }
            throw .invalidField(field: "work", problem: "\(JSONText.quote(text)): \(problem)")
        case .success(let work):
            guard work.caseID == caseID else {
                throw .invalidField(field: "work", problem: "\(JSONText.quote(text)) belongs to case \(JSONText.quote(work.caseID.rawValue)), not \(JSONText.quote(caseID.rawValue))")
            }
            return work
        }
    }

    func attributes<Source>(_ f: EventFields<Source>, warnings: inout [EventWarning]) throws(EventParseError) -> AttributeUpdates {
        let value = try f.required("attributes")
        guard case .object(let object) = value else {
            throw .invalidField(field: "attributes", problem: "expected an object, found \(value.kindDescription)")
        }
        var out = AttributeUpdates()
        for member in object.members {
            let field = "attributes." + member.key
            let update: AttributeUpdate
            switch member.value {
            case .null: update = .delete
            case .string(let s): update = .set(.string(s))
            case .bool(let b): update = .set(.bool(b))
            case .number(let raw):
                guard let n = AmountText.exact(jsonNumber: raw) else {
                    throw .invalidField(field: field, problem: "\(raw) cannot be held exactly (at most 12 decimals)")
                }
                update = .set(.number(n))
            case .object, .array:
                throw .invalidField(field: field, problem: "expected a string, number, bool or null, found \(member.value.kindDescription)")
            }
            if member.key == "payday", case .set(let v) = update {
                guard case .number(let n) = v, let day = n.intValue, (1...31).contains(day) else {
                    let shown = if case .string(let s) = member.value { JSONText.quote(s) } else { EventParser.sourceText(member.value) }
                    warnings.append(EventWarning(field: field, message: "\(shown) is not a day of the month 1–31; ignored"))
                    continue
                }
                out[member.key] = .set(.number(Exact(day)))
                continue
            }
            out[member.key] = update
        }
        return out
    }

    static func sourceText(_ value: JSONValue) -> String {
        switch value {
        case .number(let raw): raw
        case .bool(let b): b ? "true" : "false"
        case .string(let s): JSONText.quote(s)
        default: value.kindDescription
        }
    }
}

extension Int64 {
    /// Division rounding towards negative infinity.
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : (self - d + 1) / d }
}
