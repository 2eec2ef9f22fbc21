import ArrearsEngine
import ArrearsSynthetic  // SplitMix64

/// Synthetic case histories for benchmarks: a few months of invoices, payments (on time,
/// late, partial), contacts with mixed outcomes, signals, arrangements and finished work.
enum SyntheticCases {
    static let start = Instant.parseRFC3339("2026-08-01T08:00:00+02:00")!
    static let day: Int64 = 86_400_000_000

    static func history(_ index: Int) -> CaseHistory {
        var rng = SplitMix64(state: UInt64(index) &* 7919 &+ 17)
        let caseID = CaseID(rawValue: "C\(index)")
        var h = CaseHistory(caseID: caseID)
        var n = 0
        func add(_ dayOffset: Int, _ body: EventBody) {
            n += 1
            let at = Instant(microseconds: start.microseconds + Int64(dayOffset) * day + Int64(rng.below(10 * 3600)) * 1_000_000)
            _ = h.admit(Event(id: EventID(rawValue: "C\(index)-\(n)"), caseID: caseID, at: at, offsetSeconds: 3600, body: body, raw: "{}"), arrival: UInt64(n))
        }
        for month in 0..<4 {
            let amount = Exact(cents: Int64(2_000 + rng.below(28_000)))
            let issued = month * 30
            let due = LocalDate(year: 2026, month: 8 + month, day: 1)!.adding(days: 14)
            add(issued, .invoice(invoice: InvoiceID(rawValue: "I\(month)"), amount: amount, due: due))
            let r = rng.below(100)
            if r < 60 {
                add(issued + 10 + rng.below(5), .payment(amount: amount, invoice: nil))
            } else if r < 75 {
                add(issued + 20 + rng.below(15), .payment(amount: Exact(cents: Int64(1_000 + rng.below(1_000))), invoice: nil))
            }
        }
        for _ in 0..<rng.below(5) {
            let channel = [Channel.phone, .sms, .letter, .email][rng.below(4)]
            let outcome = [ContactOutcome.reached, .noAnswer, .voicemail, .delivered][rng.below(4)]
            add(90 + rng.below(25), .contact(channel: channel, direction: rng.chance(15) ? .inbound : .outbound, outcome: outcome))
        }
        if rng.chance(5) { add(100 + rng.below(15), .signal(name: "debt_help", until: nil, cleared: false)) }
        if rng.chance(3) { add(100 + rng.below(15), .signal(name: "dispute", until: nil, cleared: false)) }
        if rng.chance(4) { add(10, .signal(name: "low_literacy", until: nil, cleared: false)) }
        if rng.chance(8) { add(95, .arrangement(status: rng.chance(50) ? .agreed : .broken, installment: nil)) }
        if rng.chance(10) {
            add(105 + rng.below(10), .workDone(work: WorkItemID(caseID: caseID, action: "call", number: 1), outcome: .failed, note: nil))
        }
        if rng.chance(30) { add(5, .customer(attributes: ["payday": .set(.number(Exact(20 + rng.below(8))))])) }
        return h
    }
}
