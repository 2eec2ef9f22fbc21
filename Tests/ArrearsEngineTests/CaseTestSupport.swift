@testable import ArrearsEngine

/// An instant from RFC 3339 text (tests only).
func instant(_ text: String) -> Instant { Instant.parseRFC3339(text)! }

func date(_ text: String) -> LocalDate { LocalDate(text)! }

/// A fixed UTC+01:00 calendar (Amsterdam in winter), standing in for the time zone code.
let plusOne: @Sendable (Instant) -> LocalDate = { LocalDate(dayNumber: Int(($0.seconds + 3600).floorDiv(86_400))) }

/// Builds a case's events in arrival order.
struct CaseBuilder {
    var history = CaseHistory(caseID: "C1")
    var arrival: UInt64 = 0

    @discardableResult
    mutating func add(_ at: String, _ body: EventBody, id: String? = nil) -> Admission {
        arrival += 1
        let event = Event(id: EventID(rawValue: id ?? "e\(arrival)"), caseID: "C1", at: instant(at), offsetSeconds: 3600, body: body)
        return history.admit(event, arrival: arrival)
    }

    mutating func invoice(_ id: String, _ amount: String, due: String, at: String = "2026-01-01T09:00:00+01:00") {
        add(at, .invoice(invoice: InvoiceID(rawValue: id), amount: Exact(amount)!, due: date(due)))
    }

    mutating func pay(_ amount: String, invoice: String? = nil, at: String = "2026-01-02T09:00:00+01:00") {
        add(at, .payment(amount: Exact(amount)!, invoice: invoice.map(InvoiceID.init(rawValue:))))
    }

    mutating func contact(_ at: String, _ channel: Channel, _ direction: ContactDirection, _ outcome: ContactOutcome) {
        add(at, .contact(channel: channel, direction: direction, outcome: outcome))
    }

    mutating func signal(_ at: String, _ name: String, until: String? = nil, cleared: Bool = false) {
        add(at, .signal(name: name, until: until.map(date), cleared: cleared))
    }

    func state(at t: String, durations: [String: TimeSpan] = [:]) -> CaseState {
        history.state(at: instant(t), signalDurations: durations)
    }

    /// The facts at `t` in the UTC+01:00 calendar.
    func facts(at t: String, durations: [String: TimeSpan] = [:], daysToPayday: Int = 0, open: [String] = []) -> CaseSnapshot {
        let s = state(at: t, durations: durations)
        return s.facts(today: plusOne(s.asOf), daysToPayday: daysToPayday, openActions: open, localDate: plusOne)
    }
}

func remaining(_ state: CaseState, _ id: String) -> String? {
    state.invoice(InvoiceID(rawValue: id))?.remaining.formatted(decimals: 2)
}
