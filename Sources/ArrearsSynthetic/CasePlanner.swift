import ArrearsEngine

/// Planning of a case's start (attributes, first invoice) and of each invoice's fate.
extension EventStreamGenerator {
    func date(_ day: Int) -> LocalDate { settings.start.adding(days: day) }

    func below(_ i: Int, _ n: Int) -> Int { models[i].rng.below(n) }
    func within(_ i: Int, _ r: ClosedRange<Int>) -> Int { models[i].rng.inRange(r) }
    func chance(_ i: Int, _ percent: Int) -> Bool { models[i].rng.chance(percent) }
    func pick<T>(_ i: Int, _ choices: [(T, Int)]) -> T { models[i].rng.weighted(choices) }

    /// A time during office hours (09:00–18:59), when the creditor works.
    func office(_ i: Int) -> Int { 9 * 3600 + below(i, 10 * 3600) }
    /// A time when customers act (07:00–22:59).
    func waking(_ i: Int) -> Int { 7 * 3600 + below(i, 16 * 3600) }

    /// `day`, or the Monday after when it is a Sunday (no collection contact on Sundays).
    func workday(_ day: Int) -> Int { date(day).weekday == .sunday ? day + 1 : day }

    /// The first day on or after `day` that is the case's payday (its attribute, else one of
    /// the 20th, 23rd and 25th); a payday past the end of a month is its last day.
    func payday(_ i: Int, onOrAfter day: Int) -> Int {
        let p = models[i].payday ?? pick(i, [(20, 1), (23, 1), (25, 1)])
        for k in 0..<32 {
            let d = date(day + k)
            if d.day == min(p, LocalDate.daysInMonth(year: d.year, month: d.month)) { return day + k }
        }
        return day
    }

    /// The customer's attributes, a few standing signals and the first invoice.
    func planStart(_ i: Int) {
        let first = below(i, min(7, settings.days))
        if chance(i, 80) {
            var attributes: [String: AttributeUpdate] = [:]
            if let payday = models[i].payday { attributes["payday"] = .set(.number(Exact(payday))) }
            let channels: [(String?, Int)] = [("phone", 40), ("sms", 20), ("email", 20), ("letter", 10), (nil, 10)]
            let channel = pick(i, channels)
            if let channel { attributes["preferred_channel"] = .set(.string(channel)) }
            attributes["language"] = .set(.string(pick(i, [("nl", 88), ("en", 6), ("tr", 3), ("ar", 3)])))
            attributes["segment"] = .set(.string(chance(i, 92) ? "household" : "small_business"))
            plan(i, day: first, second: waking(i), .customer(attributes))
        }
        if chance(i, 4) { plan(i, day: first, second: office(i), .signal(name: "low_literacy", untilDay: nil, cleared: false)) }
        if chance(i, 4) {
            let change: AttributeUpdate = chance(i, 50) ? .delete : .set(.string(pick(i, [("phone", 1), ("sms", 1), ("email", 1)])))
            plan(i, day: below(i, settings.days), second: waking(i), .customer(["preferred_channel": change]))
        }
        if chance(i, 1) { plan(i, day: below(i, settings.days), second: office(i), .signal(name: "job_loss", untilDay: nil, cleared: false)) }
        for k in 0..<31 where date(k).day == models[i].invoiceDay {
            plan(i, day: k, second: 6 * 3600 + below(i, 1800), .issueInvoice)
            break
        }
    }

    /// Issues the case's next invoice on `day`: plans its payment or collection and the next
    /// month's invoice, and returns the invoice itself.
    func planInvoice(_ i: Int, day: Int) -> PlannedBody {
        models[i].invoices += 1
        let number = models[i].invoices
        let cents = max(100, models[i].baseCents * Int64(within(i, 85...115)) / 100)
        let due = day + 14
        let d = date(day)
        let (year, month) = d.month == 12 ? (d.year + 1, 1) : (d.year, d.month + 1)
        let next = LocalDate(year: year, month: month, day: models[i].invoiceDay)! - settings.start
        plan(i, day: next, second: 6 * 3600 + below(i, 1800), .issueInvoice)

        switch InvoiceFate.draw(models[i].profile, &models[i].rng) {
        case .onTime:
            plan(i, day: day + within(i, 2...13), second: waking(i), .payment(cents: cents, invoice: chance(i, 65) ? number : nil))
        case .afterPayday:
            var p = payday(i, onOrAfter: due + 1) + below(i, 3)
            if p - due > 25 { p = due + within(i, 1...10) }
            plan(i, day: p, second: waking(i), .payment(cents: cents, invoice: chance(i, 50) ? number : nil))
        case .partial:
            let part = cents * Int64(within(i, 30...70)) / 100
            let p1 = payday(i, onOrAfter: due + 1)
            plan(i, day: p1, second: waking(i), .payment(cents: part, invoice: number))
            if chance(i, 60) {
                plan(i, day: payday(i, onOrAfter: p1 + 20), second: waking(i), .payment(cents: cents - part, invoice: number))
            } else if models[i].busyUntil < due {
                let t = workday(p1 + within(i, 2...5))
                let s = office(i)
                plan(i, day: t, second: s, .contact(.sms, .outbound, .delivered))
                plan(i, day: t, second: s + 120, .workDone(.sms, .done))
            }
        case .collection:
            if models[i].busyUntil >= due {
                let p = payday(i, onOrAfter: Int(models[i].busyUntil))
                plan(i, day: p, second: waking(i), .payment(cents: cents, invoice: nil))
            } else {
                planCollection(i, invoice: number, cents: cents, due: due)
            }
        }
        return .invoice(number: number, cents: cents, dueDay: Int32(due))
    }
}
