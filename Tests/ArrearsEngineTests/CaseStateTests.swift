import Testing
@testable import ArrearsEngine

@Suite struct CaseStateTests {
    let later = "2026-06-01T12:00:00+01:00"

    @Test func centsAddUpExactly() {
        var c = CaseBuilder()
        c.invoice("I1", "0.30", due: "2026-01-10")
        c.pay("0.10")
        c.pay("0.20")
        let s = c.state(at: later)
        #expect(remaining(s, "I1") == "0.00")
        #expect(s.invoice("I1")?.isPaid == true)
        #expect(s.credit == .zero)
        // In binary floating point 0.1 + 0.2 != 0.3: the fold must not leave a residue.
        #expect(0.1 + 0.2 != 0.3)
    }

    @Test func thirdsOfNinetyNineNinetyNine() {
        var c = CaseBuilder()
        c.invoice("I1", "99.99", due: "2026-01-10")
        c.invoice("I2", "100.00", due: "2026-01-11")
        for _ in 0..<3 { c.pay("33.33", invoice: "I1") }
        for _ in 0..<3 { c.pay("33.33", invoice: "I2") }
        let s = c.state(at: later)
        #expect(remaining(s, "I1") == "0.00")
        #expect(remaining(s, "I2") == "0.01")
        #expect(s.credit == .zero)
    }

    @Test func sumsThatBinaryFloatingPointGetsWrong() {
        // As Doubles, 1.10 + 2.20 != 3.30 and ten times 0.10 != 1.00.
        let (a, b, c3): (Double, Double, Double) = (1.10, 2.20, 3.30)
        #expect(a + b != c3)
        #expect((0..<10).reduce(0.0) { x, _ in x + 0.10 } != 1.0)
        var c = CaseBuilder()
        c.invoice("I1", "3.30", due: "2026-01-10")
        c.invoice("I2", "1.00", due: "2026-01-11")
        c.pay("1.10", invoice: "I1")
        c.pay("2.20", invoice: "I1")
        for _ in 0..<10 { c.pay("0.10", invoice: "I2") }
        let s = c.state(at: later)
        #expect(remaining(s, "I1") == "0.00")
        #expect(remaining(s, "I2") == "0.00")
        #expect(s.credit == .zero)
        #expect(c.facts(at: later).paymentAmount(within: .days(365)) == Exact("4.30")!)
    }

    @Test func paymentGoesToTheNamedInvoiceFirstThenByDueAndID() {
        var c = CaseBuilder()
        c.invoice("I1", "100.00", due: "2026-02-01")
        c.invoice("I2", "50.00", due: "2026-01-15")
        c.invoice("I0", "30.00", due: "2026-01-15")
        c.pay("60.00", invoice: "I1", at: "2026-01-02T09:00:00+01:00")
        var s = c.state(at: "2026-01-02T10:00:00+01:00")
        #expect(remaining(s, "I1") == "40.00")
        #expect(remaining(s, "I0") == "30.00")
        #expect(remaining(s, "I2") == "50.00")
        c.pay("50.00", at: "2026-01-03T09:00:00+01:00")  // I0 (same due, smaller id) before I2
        s = c.state(at: "2026-01-03T10:00:00+01:00")
        #expect(remaining(s, "I0") == "0.00")
        #expect(remaining(s, "I2") == "30.00")
        #expect(remaining(s, "I1") == "40.00")
        c.pay("90.00", invoice: "I0", at: "2026-01-04T09:00:00+01:00")  // named but paid: falls through
        s = c.state(at: "2026-01-04T10:00:00+01:00")
        #expect(remaining(s, "I2") == "0.00")
        #expect(remaining(s, "I1") == "0.00")
        #expect(s.credit == Exact("20")!)
    }

    @Test func surplusCreditPaysALaterInvoiceOnArrival() {
        var c = CaseBuilder()
        c.invoice("I1", "40.00", due: "2026-01-10")
        c.pay("100.00", at: "2026-01-05T09:00:00+01:00")
        c.invoice("I2", "50.00", due: "2026-02-10", at: "2026-01-20T09:00:00+01:00")
        c.invoice("I3", "25.00", due: "2026-01-25", at: "2026-01-21T09:00:00+01:00")
        #expect(c.state(at: "2026-01-06T00:00:00+01:00").credit == Exact(60))
        let s = c.state(at: later)
        #expect(remaining(s, "I2") == "0.00")
        #expect(remaining(s, "I3") == "15.00")
        #expect(s.credit == .zero)
        #expect(c.facts(at: later).balance == Exact(15))
    }

    @Test func paymentNamingAnUnknownInvoiceCountsAsUnnamed() {
        var c = CaseBuilder()
        c.invoice("I1", "10.00", due: "2026-01-10")
        c.invoice("I2", "10.00", due: "2026-01-05")
        c.pay("10.00", invoice: "NOPE")
        let s = c.state(at: later)
        #expect(remaining(s, "I2") == "0.00")
        #expect(remaining(s, "I1") == "10.00")
    }

    @Test func creditNoteLowersOneInvoiceAndExcessBecomesCredit() {
        var c = CaseBuilder()
        c.invoice("I1", "100.00", due: "2026-01-10")
        c.invoice("I2", "20.00", due: "2026-01-20")
        c.add("2026-01-03T09:00:00+01:00", .credit(invoice: "I1", amount: Exact(30)))
        #expect(remaining(c.state(at: "2026-01-04T00:00:00+01:00"), "I1") == "70.00")
        #expect(remaining(c.state(at: "2026-01-04T00:00:00+01:00"), "I2") == "20.00")
        c.add("2026-01-05T09:00:00+01:00", .credit(invoice: "I1", amount: Exact(100)))  // 30 too much
        var s = c.state(at: "2026-01-06T00:00:00+01:00")
        #expect(remaining(s, "I1") == "0.00")
        #expect(remaining(s, "I2") == "0.00")
        #expect(s.credit == Exact(10))
        c.add("2026-01-07T09:00:00+01:00", .credit(invoice: "I9", amount: Exact(5)))  // unknown invoice
        s = c.state(at: later)
        #expect(s.credit == Exact(15))
        #expect(c.facts(at: later).balance == Exact(-15))
    }

    @Test func lateArrivingEventsFoldInWhereTheyBelong() {
        var c = CaseBuilder()
        // The payment arrives first but happened after both invoices.
        c.pay("10.00", invoice: "I2", at: "2026-01-05T09:00:00+01:00")
        c.invoice("I1", "10.00", due: "2026-01-01", at: "2026-01-01T09:00:00+01:00")
        c.invoice("I2", "10.00", due: "2026-01-02", at: "2026-01-01T09:00:00+01:00")
        let s = c.state(at: later)
        #expect(remaining(s, "I2") == "0.00")  // named; in arrival order it would have gone to I1
        #expect(remaining(s, "I1") == "10.00")
        #expect(c.history.events.map(\.arrival) == [2, 3, 1])
    }

    @Test func eventsAfterTTakeEffectAtTheirAt() {
        var c = CaseBuilder()
        c.invoice("I1", "10.00", due: "2026-01-10")
        c.pay("4.00", at: "2026-01-20T09:00:00+01:00")
        #expect(remaining(c.state(at: "2026-01-20T08:59:59+01:00"), "I1") == "10.00")
        #expect(remaining(c.state(at: "2026-01-20T09:00:00+01:00"), "I1") == "6.00")
        #expect(c.history.nextEventAt(after: instant("2026-01-10T00:00:00Z")) == instant("2026-01-20T09:00:00+01:00"))
        #expect(c.history.nextEventAt(after: instant("2026-01-20T09:00:00+01:00")) == nil)
    }

    @Test func duplicateIDsAndSecondInvoicesAreReported() {
        var c = CaseBuilder()
        let invoice = EventBody.invoice(invoice: "I1", amount: Exact(10), due: date("2026-01-10"))
        #expect(c.add("2026-01-01T09:00:00+01:00", invoice, id: "x") == .accepted)
        #expect(c.add("2026-01-01T09:00:00+01:00", invoice, id: "x") == .duplicate)
        let other = EventBody.invoice(invoice: "I1", amount: Exact(11), due: date("2026-01-10"))
        #expect(c.add("2026-01-01T09:00:00+01:00", other, id: "x") == .conflict(.eventIDReused("x")))
        let second = c.add("2026-01-02T09:00:00+01:00", other, id: "y")
        #expect(second == .conflict(.invoiceExists("I1", firstEvent: "x")))
        if case .conflict(let why) = second {
            #expect(why.description == #"invoice "I1" already exists (event "x"); corrections are credit events"#)
        }
        #expect(EventConflict.eventIDReused("x").description == #"event id "x" was already applied with different content"#)
        #expect(c.history.events.count == 1)
        #expect(c.state(at: later).invoice("I1")?.amount == Exact(10))
    }

    @Test func foldSkipsARepeatedInvoiceThatBypassedAdmission() {
        let e1 = Event(id: "a", caseID: "C1", at: instant("2026-01-01T00:00:00Z"), body: .invoice(invoice: "I1", amount: Exact(5), due: date("2026-01-02")))
        let e2 = Event(id: "b", caseID: "C1", at: instant("2026-01-02T00:00:00Z"), body: .invoice(invoice: "I1", amount: Exact(7), due: date("2026-01-02")))
        // Unsorted input is sorted by (at, arrival).
        let s = CaseState(folding: [SequencedEvent(e2, arrival: 2), SequencedEvent(e1, arrival: 1)], through: instant(later))
        #expect(s.invoices.map(\.amount) == [Exact(5)])
        #expect(s.skippedInvoiceEvents == ["b"])
        #expect(s.appliedCount == 2)
    }

    @Test func restoringAHistoryKeepsTheFirstArrival() {
        let e1 = Event(id: "a", caseID: "C1", at: instant("2026-01-05T00:00:00Z"), body: .invoice(invoice: "I1", amount: Exact(5), due: date("2026-01-02")))
        let e2 = Event(id: "b", caseID: "C1", at: instant("2026-01-01T00:00:00Z"), body: .invoice(invoice: "I1", amount: Exact(7), due: date("2026-01-02")))
        let h = CaseHistory(caseID: "C1", events: [SequencedEvent(e2, arrival: 9), SequencedEvent(e1, arrival: 3)])
        #expect(h.events.map(\.event.id) == ["a"])
    }

    @Test func attributesMergeAndNullDeletes() {
        var c = CaseBuilder()
        c.add("2026-01-01T09:00:00+01:00", .customer(attributes: ["segment": .set(.string("b2c")), "payday": .set(.number(Exact(25)))]))
        c.add("2026-01-02T09:00:00+01:00", .customer(attributes: ["segment": .delete, "language": .set(.string("nl"))]))
        let mid = c.state(at: "2026-01-01T12:00:00+01:00")
        #expect(mid.attributes == ["segment": .string("b2c"), "payday": .number(Exact(25))])
        #expect(c.state(at: later).attributes == ["payday": .number(Exact(25)), "language": .string("nl")])
    }
}
