import Testing
@testable import ArrearsEngine

/// Each fact of SPEC §4.4 at a given T, in a UTC+01:00 calendar.
@Suite struct CaseFactsTests {
    @Test func overdueFromTheDayAfterDue() {
        var c = CaseBuilder()
        c.invoice("I1", "100.00", due: "2026-02-01")
        let onDue = c.facts(at: "2026-02-01T23:59:59+01:00")
        #expect(onDue.arrearsAmount == .zero)
        #expect(onDue.arrearsDays == 0)
        #expect(onDue.arrearsInvoices == 0)
        #expect(onDue.balance == Exact(100))
        let next = c.facts(at: "2026-02-02T00:00:00+01:00")
        #expect(next.arrearsAmount == Exact(100))
        #expect(next.arrearsDays == 1)
        #expect(next.arrearsInvoices == 1)
        // 23:30 UTC is already the 2nd in the calendar: the injected local date decides.
        #expect(c.facts(at: "2026-02-01T23:30:00Z").arrearsDays == 1)
        #expect(c.facts(at: "2026-02-11T08:00:00+01:00").arrearsDays == 10)
    }

    @Test func arrearsCountOnlyUnpaidOverdueInvoices() {
        var c = CaseBuilder()
        c.invoice("I1", "50.00", due: "2026-01-10")
        c.invoice("I2", "30.00", due: "2026-02-10")
        c.invoice("I3", "20.00", due: "2026-03-10")
        c.pay("60.00", at: "2026-02-15T09:00:00+01:00")  // pays I1, 10 of I2
        let f = c.facts(at: "2026-02-20T12:00:00+01:00")
        #expect(f.arrearsAmount == Exact(20))
        #expect(f.arrearsInvoices == 1)
        #expect(f.arrearsDays == 10)  // oldest unpaid overdue is I2
        #expect(f.balance == Exact(40))
        let before = c.facts(at: "2026-02-14T12:00:00+01:00")
        #expect(before.arrearsAmount == Exact(80))
        #expect(before.arrearsInvoices == 2)
        #expect(before.arrearsDays == 35)
    }

    @Test func paymentDaysAreCalendarDays() {
        var c = CaseBuilder()
        c.invoice("I1", "50.00", due: "2026-01-10")
        #expect(c.facts(at: "2026-03-02T00:30:00+01:00").paymentDays == 99_999)
        c.pay("1.00", at: "2026-03-01T23:30:00+01:00")
        #expect(c.facts(at: "2026-03-01T23:45:00+01:00").paymentDays == 0)
        #expect(c.facts(at: "2026-03-02T00:30:00+01:00").paymentDays == 1)
        #expect(c.facts(at: "2026-03-31T12:00:00+01:00").paymentDays == 30)
    }

    @Test func paymentAmountWindowIsHalfOpen() {
        let t = "2026-03-10T12:00:00+01:00"
        var c = CaseBuilder()
        c.pay("1.00", at: "2026-03-03T12:00:00+01:00")    // exactly T − 7d: outside
        c.pay("2.00", at: "2026-03-03T12:00:01+01:00")    // inside
        c.pay("4.00", at: t)                              // at T: inside
        c.pay("8.00", at: "2026-03-10T12:00:01+01:00")    // after T: not folded
        let f = c.facts(at: t)
        #expect(f.paymentAmount(within: .days(7)) == Exact(6))
        #expect(f.paymentAmount(within: .days(8)) == Exact(7))
        #expect(f.paymentAmount(within: TimeSpan(1, .minute)) == Exact(4))
        #expect(f.paymentAmount(within: TimeSpan(seconds: 0)) == .zero)
    }

    @Test func contactsAndReachedPerChannel() {
        let t = "2026-03-10T12:00:00+01:00"
        var c = CaseBuilder()
        c.contact("2026-03-03T12:00:00+01:00", .phone, .outbound, .noAnswer)  // T − 7d exactly: outside 7d
        c.contact("2026-03-05T10:00:00+01:00", .phone, .outbound, .noAnswer)
        c.contact("2026-03-06T10:00:00+01:00", .sms, .outbound, .delivered)
        c.contact("2026-03-07T10:00:00+01:00", .chat, .inbound, .delivered)  // inbound: reached, no attempt
        c.contact("2026-03-08T10:00:00+01:00", .phone, .outbound, .reached)
        c.contact("2026-03-09T10:00:00+01:00", .phone, .outbound, .voicemail)
        let f = c.facts(at: t)
        #expect(f.contacts(within: .days(7), channel: nil) == 4)
        #expect(f.contacts(within: .days(8), channel: nil) == 5)
        #expect(f.contacts(within: .days(7), channel: .phone) == 3)
        #expect(f.contacts(within: .days(7), channel: .sms) == 1)
        #expect(f.contacts(within: .days(7), channel: .chat) == 0)
        #expect(f.reached(within: .days(7), channel: nil) == 2)
        #expect(f.reached(within: .days(7), channel: .chat) == 1)
        #expect(f.reached(within: .days(7), channel: .phone) == 1)
        #expect(f.reached(within: .days(7), channel: .sms) == 0)
        #expect(f.reached(within: .days(2), channel: nil) == 0)
        #expect(f.unreachedStreak == 1)
    }

    @Test func unreachedStreakCountsAttemptsSinceLastReached() {
        var c = CaseBuilder()
        c.contact("2026-03-01T10:00:00+01:00", .phone, .outbound, .reached)
        c.contact("2026-03-02T10:00:00+01:00", .phone, .outbound, .noAnswer)
        c.contact("2026-03-03T10:00:00+01:00", .sms, .outbound, .delivered)
        c.contact("2026-03-04T10:00:00+01:00", .email, .outbound, .bounced)
        #expect(c.facts(at: "2026-03-05T00:00:00+01:00").unreachedStreak == 3)
        // An inbound contact arriving late with an early `at` resets the streak where it belongs.
        c.contact("2026-03-02T12:00:00+01:00", .chat, .inbound, .delivered)
        #expect(c.facts(at: "2026-03-05T00:00:00+01:00").unreachedStreak == 2)
        #expect(c.facts(at: "2026-03-02T11:00:00+01:00").unreachedStreak == 1)
        #expect(CaseBuilder().facts(at: "2026-03-05T00:00:00+01:00").unreachedStreak == 0)
    }

    @Test func arrangementStatusAndBrokenWindow() {
        var c = CaseBuilder()
        #expect(c.facts(at: "2026-03-01T00:00:00+01:00").arrangementStatus == ArrangementStatus.none)
        c.add("2026-01-01T10:00:00+01:00", .arrangement(status: .agreed, installment: Exact(25)))
        c.add("2026-01-20T10:00:00+01:00", .arrangement(status: .broken, installment: nil))
        c.add("2026-02-01T10:00:00+01:00", .arrangement(status: .agreed, installment: Exact(20)))
        c.add("2026-02-25T10:00:00+01:00", .arrangement(status: .broken, installment: nil))
        c.add("2026-03-05T10:00:00+01:00", .arrangement(status: .completed, installment: nil))
        #expect(c.facts(at: "2026-01-10T00:00:00+01:00").arrangementStatus == .agreed)
        let f = c.facts(at: "2026-03-01T00:00:00+01:00")
        #expect(f.arrangementStatus == .broken)
        #expect(f.arrangementsBroken(within: .days(10)) == 1)
        #expect(f.arrangementsBroken(within: .days(180)) == 2)
        #expect(c.facts(at: "2026-03-06T00:00:00+01:00").arrangementStatus == .completed)
    }

    @Test func doneCountsDistinctItemsFinishedDone() {
        var c = CaseBuilder()
        func work(_ at: String, _ id: String, _ outcome: WorkOutcome) {
            if case .success(let item) = WorkItemID.parse(id) { c.add(at, .workDone(work: item, outcome: outcome, note: nil)) }
        }
        work("2026-03-01T10:00:00+01:00", "C1/call/1", .done)
        work("2026-03-02T10:00:00+01:00", "C1/call/1", .done)   // same item again: counted once
        work("2026-03-03T10:00:00+01:00", "C1/call/2", .failed)
        work("2026-03-08T10:00:00+01:00", "C1/call/3", .done)
        work("2026-03-09T10:00:00+01:00", "C1/sms/4", .skipped)
        let f = c.facts(at: "2026-03-10T10:00:00+01:00")
        #expect(f.done("call", within: .days(30)) == 2)
        #expect(f.done("call", within: .days(5)) == 1)
        #expect(f.done("call", within: .days(9)) == 1)   // item 1 counts from its first done, 03-01
        #expect(f.done("sms", within: .days(30)) == 0)
        #expect(f.done("visit", within: .days(30)) == 0)
        #expect(f.lastFinished("call") == instant("2026-03-08T10:00:00+01:00"))
        #expect(f.lastFinished("sms") == instant("2026-03-09T10:00:00+01:00"))
        #expect(f.lastFinished("visit") == nil)
        #expect(f.state.highestWorkNumber("call") == 3)
        #expect(f.state.highestWorkNumber("sms") == 4)
        #expect(f.state.highestWorkNumber("visit") == 0)
    }

    @Test func openAttributesTodayAndPayday() {
        var c = CaseBuilder()
        c.add("2026-01-01T09:00:00+01:00", .customer(attributes: ["segment": .set(.string("b2c")), "payday": .set(.number(Exact(25)))]))
        let f = c.facts(at: "2026-03-01T23:30:00Z", daysToPayday: 19, open: ["call", "sms"])
        #expect(f.isOpen("call"))
        #expect(f.isOpen("sms"))
        #expect(!f.isOpen("reminder_letter"))
        #expect(f.attribute("segment") == .string("b2c"))
        #expect(f.attribute("payday") == .number(Exact(25)))
        #expect(f.attribute("language") == nil)
        #expect(f.today == date("2026-03-02"))
        #expect(f.today.weekday == .monday)
        #expect(f.daysToPayday == 19)
    }

    @Test func oneFoldServesEvaluationsUntilTheNextEvent() {
        var c = CaseBuilder()
        c.invoice("I1", "100.00", due: "2026-02-01")
        c.contact("2026-02-03T10:00:00+01:00", .phone, .outbound, .noAnswer)
        c.pay("100.00", at: "2026-02-20T10:00:00+01:00")
        let s = c.state(at: "2026-02-05T12:00:00+01:00")
        #expect(s.validUntil == instant("2026-02-20T10:00:00+01:00"))
        let t = instant("2026-02-12T12:00:00+01:00")
        let f = s.facts(at: t, today: plusOne(t), daysToPayday: 0, localDate: plusOne)
        #expect(f.asOf == t)
        #expect(f.arrearsDays == 11)
        #expect(f.contacts(within: .days(7), channel: nil) == 0)
        #expect(f.contacts(within: .days(10), channel: .phone) == 1)
        #expect(c.state(at: "2026-02-20T10:00:00+01:00").validUntil == nil)
    }
}
