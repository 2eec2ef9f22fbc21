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
/// A class: planning mutates its tables in place (a struct's self copies defeated that).
public final class EventStreamGenerator {
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

    /// Generates the period, handing each day's events, in time order, as JSON lines to `emit`.
    /// - Returns: the number of events generated.
    @discardableResult
    public func run(_ emit: (LocalDate, DayLines) throws -> Void) rethrows -> Int {
        var total = 0
        for day in 0..<settings.days {
            var planned = buckets[day]
            buckets[day] = []
            for k in planned.indices {
                if case .issueInvoice = planned[k].body { planned[k].body = planInvoice(Int(planned[k].caseIndex), day: day) }
            }
            planned.sort(by: PlannedEvent.precedes)
            let date = settings.start.adding(days: day)
            var lines = DayLines()
            lines.bytes.reserveCapacity(planned.count * 180)
            let dayText = Array(date.description.utf8)
            for p in planned { encode(p, date: date, dayText: dayText, into: &lines) }
            total += lines.count
            try emit(date, lines)
        }
        return total
    }

    /// Plans `body` for case `index` on `day` at local `second`; events past the period are dropped.
    func plan(_ index: Int, day: Int, second: Int, _ body: PlannedBody) {
        guard day >= 0, day < settings.days else { return }
        sequence &+= 1
        buckets[day].append(PlannedEvent(caseIndex: Int32(index), second: Int32(second), sequence: sequence, body: body))
    }

    /// Writes the event as one JSON line: its id, instant and, for `work_done`, the next work
    /// number of its action.
    func encode(_ p: PlannedEvent, date: LocalDate, dayText: [UInt8], into out: inout DayLines) {
        let index = Int(p.caseIndex)
        let caseID = caseIDs[index].rawValue
        eventCounts[index] += 1
        let offset = settings.timeZone.offsetSeconds(at: settings.timeZone.instant(date: date, secondOfDay: Int(p.second)))
        out.key("id", first: true)
        out.bytes.append(0x22); out.bytes.append(contentsOf: caseID.utf8); out.bytes.append(0x2D)
        out.digits(Int(eventCounts[index])); out.bytes.append(0x22)
        out.key("type")
        switch p.body {
        case .issueInvoice: preconditionFailure("invoices are planned before they are emitted")
        case .invoice: out.raw("\"invoice\"")
        case .payment: out.raw("\"payment\"")
        case .credit: out.raw("\"credit\"")
        case .contact: out.raw("\"contact\"")
        case .workDone: out.raw("\"work_done\"")
        case .signal: out.raw("\"signal\"")
        case .arrangement: out.raw("\"arrangement\"")
        case .customer: out.raw("\"customer\"")
        }
        out.key("case"); out.quoted(caseID)
        out.key("at"); out.time(dayText, second: Int(p.second), offset: offset)
        switch p.body {
        case .issueInvoice: break
        case let .invoice(number, cents, dueDay):
            out.key("invoice"); out.quoted(invoiceID(index, number))
            out.key("amount"); out.money(cents)
            out.key("due"); out.date(settings.start.adding(days: Int(dueDay)))
        case let .payment(cents, invoice):
            out.key("amount"); out.money(cents)
            if let invoice { out.key("invoice"); out.quoted(invoiceID(index, invoice)) }
        case let .credit(invoice, cents):
            out.key("invoice"); out.quoted(invoiceID(index, invoice))
            out.key("amount"); out.money(cents)
        case let .contact(channel, direction, outcome):
            out.key("channel"); out.quoted(channel.rawValue)
            out.key("direction"); out.quoted(direction.rawValue)
            out.key("outcome"); out.quoted(outcome.rawValue)
        case let .workDone(action, outcome):
            let slot = index * BaselineAction.allCases.count + action.index
            workNumbers[slot] += 1
            out.key("work"); out.quoted(caseID + "/" + action.rawValue + "/" + String(workNumbers[slot]))
            out.key("outcome"); out.quoted(outcome.rawValue)
        case let .signal(name, untilDay, cleared):
            out.key("signal"); out.quoted(name)
            if let untilDay { out.key("until"); out.date(settings.start.adding(days: Int(untilDay))) }
            if cleared { out.key("cleared"); out.raw("true") }
        case let .arrangement(status, installment):
            out.key("status"); out.quoted(status.rawValue)
            if let installment { out.key("installment"); out.money(installment) }
        case let .customer(attributes):
            out.key("attributes")
            var first = true
            for key in attributes.keys.sorted() {
                out.bytes.append(first ? 0x7B : 0x2C)
                first = false
                out.quoted(key)
                out.bytes.append(0x3A)
                switch attributes[key]! {
                case .delete: out.raw("null")
                case .set(.string(let s)): out.quoted(s)
                case .set(.number(let n)): out.bytes.append(contentsOf: n.description.utf8)
                case .set(.bool(let b)): out.raw(b ? "true" : "false")
                }
            }
            if first { out.bytes.append(0x7B) }
            out.bytes.append(0x7D)
        }
        out.endLine()
    }

    func invoiceID(_ index: Int, _ number: Int32) -> String {
        caseIDs[index].rawValue + "-F" + String(number)
    }
}
