import ArrearsEngine

/// What to generate: how many cases over how many days from which date, from which seed.
public struct GeneratorSettings: Sendable {
    public var cases: Int
    public var days: Int
    public var seed: UInt64
    /// The first day of the period (local date in `timeZone`).
    public var start: LocalDate
    public var timeZone: LocalTimeZone

    public init(cases: Int, days: Int, seed: UInt64, start: LocalDate, timeZone: LocalTimeZone) {
        self.cases = cases
        self.days = days
        self.seed = seed
        self.start = start
        self.timeZone = timeZone
    }
}

/// A realistic, reproducible event stream (SPEC §3), produced day by day.
///
/// Each case has a payer profile and gets a monthly invoice due 14 days later. Most are paid
/// on time; others after a payday, in part, or only after collection: calls with mixed
/// outcomes, an SMS after payday, a reminder letter, each with the `work_done` of its action;
/// then payment, an arrangement (kept, broken or cancelled), can't-pay and debt-help signals,
/// disputes (reviewed and cleared, sometimes with a credit), breathing space or illness with
/// an `until` date. Same settings, same events, byte for byte.
///
/// Only the events planned ahead are held (a few weeks' worth), never the whole stream.
public struct EventStreamGenerator {
    public let settings: GeneratorSettings
    var models: [CaseModel] = []
    let caseIDs: [CaseID]
    /// Planned events per day of the period.
    var buckets: [[PlannedEvent]]
    var sequence: UInt32 = 0
    /// Per case: events emitted (for event ids); per case and action: the last work number.
    var eventCounts: [Int32]
    var workNumbers: [Int32]

    public init(_ settings: GeneratorSettings) {
        precondition(settings.cases > 0 && settings.days > 0)
        self.settings = settings
        let width = max(6, String(settings.cases - 1).count)
        caseIDs = (0..<settings.cases).map { i in
            let digits = String(i)
            return CaseID(rawValue: "C" + String(repeating: "0", count: width - digits.count) + digits)
        }
        buckets = Array(repeating: [], count: settings.days)
        eventCounts = Array(repeating: 0, count: settings.cases)
        workNumbers = Array(repeating: 0, count: settings.cases * BaselineAction.allCases.count)
        models.reserveCapacity(settings.cases)
        for index in 0..<settings.cases {
            models.append(CaseModel(seed: settings.seed, index: index))
            planStart(index)
        }
    }

    /// Generates the period, handing each day's events, in time order, to `emit`.
    /// - Returns: the number of events generated.
    @discardableResult
    public mutating func run(_ emit: (LocalDate, [Event]) throws -> Void) rethrows -> Int {
        var total = 0
        for day in 0..<settings.days {
            var planned = buckets[day]
            buckets[day] = []
            for k in planned.indices {
                if case .issueInvoice = planned[k].body { planned[k].body = planInvoice(Int(planned[k].caseIndex), day: day) }
            }
            planned.sort(by: PlannedEvent.precedes)
            let date = settings.start.adding(days: day)
            let events = planned.map { makeEvent($0, date: date) }
            total += events.count
            try emit(date, events)
        }
        return total
    }

    /// Plans `body` for case `index` on `day` at local `second`; events past the period are dropped.
    mutating func plan(_ index: Int, day: Int, second: Int, _ body: PlannedBody) {
        guard day >= 0, day < settings.days else { return }
        sequence &+= 1
        buckets[day].append(PlannedEvent(caseIndex: Int32(index), second: Int32(second), sequence: sequence, body: body))
    }

    /// Builds the event: its id, instant and, for `work_done`, the next work number of its action.
    mutating func makeEvent(_ p: PlannedEvent, date: LocalDate) -> Event {
        let index = Int(p.caseIndex)
        let caseID = caseIDs[index]
        eventCounts[index] += 1
        let id = EventID(rawValue: caseID.rawValue + "-" + String(eventCounts[index]))
        let at = settings.timeZone.instant(date: date, secondOfDay: Int(p.second))
        let body: EventBody
        switch p.body {
        case .issueInvoice:
            preconditionFailure("invoices are planned before they are emitted")
        case let .invoice(number, cents, dueDay):
            body = .invoice(invoice: invoiceID(index, number), amount: Exact(cents: cents),
                            due: settings.start.adding(days: Int(dueDay)))
        case let .payment(cents, invoice):
            body = .payment(amount: Exact(cents: cents), invoice: invoice.map { invoiceID(index, $0) })
        case let .credit(invoice, cents):
            body = .credit(invoice: invoiceID(index, invoice), amount: Exact(cents: cents))
        case let .contact(channel, direction, outcome):
            body = .contact(channel: channel, direction: direction, outcome: outcome)
        case let .workDone(action, outcome):
            let slot = index * BaselineAction.allCases.count + action.index
            workNumbers[slot] += 1
            body = .workDone(work: WorkItemID(caseID: caseID, action: action.rawValue, number: Int(workNumbers[slot])),
                             outcome: outcome, note: nil)
        case let .signal(name, untilDay, cleared):
            body = .signal(name: name, until: untilDay.map { settings.start.adding(days: Int($0)) }, cleared: cleared)
        case let .arrangement(status, installment):
            body = .arrangement(status: status, installment: installment.map { Exact(cents: $0) })
        case let .customer(attributes):
            body = .customer(attributes: attributes)
        }
        return Event(id: id, caseID: caseID, at: at, offsetSeconds: settings.timeZone.offsetSeconds(at: at), body: body)
    }

    func invoiceID(_ index: Int, _ number: Int32) -> InvoiceID {
        InvoiceID(rawValue: caseIDs[index].rawValue + "-F" + String(number))
    }
}
