import Testing
@testable import ArrearsEngine

/// `signal(NAME)` and `signal_days(NAME)` in a UTC+01:00 calendar.
@Suite struct SignalFactsTests {
    @Test func untilLastsThroughTheEndOfTheDay() {
        var c = CaseBuilder()
        c.signal("2026-03-01T10:00:00+01:00", "illness", until: "2026-03-10")
        #expect(!c.facts(at: "2026-03-01T09:59:59+01:00").signalActive("illness"))
        let last = c.facts(at: "2026-03-10T23:59:59+01:00")
        #expect(last.signalActive("illness"))
        #expect(last.signalDays("illness") == 9)
        let after = c.facts(at: "2026-03-11T00:00:00+01:00")
        #expect(!after.signalActive("illness"))
        #expect(after.signalDays("illness") == 0)
        // 23:30 UTC on the 10th is already the 11th in the calendar.
        #expect(!c.facts(at: "2026-03-10T23:30:00Z").signalActive("illness"))
    }

    @Test func clearedEndsActivationsThatBeganAtOrBeforeIt() {
        var c = CaseBuilder()
        c.signal("2026-03-01T10:00:00+01:00", "dispute")
        c.signal("2026-03-02T10:00:00+01:00", "dispute", until: "2026-12-31")
        c.signal("2026-03-03T10:00:00+01:00", "dispute", cleared: true)
        c.signal("2026-03-05T10:00:00+01:00", "dispute")
        #expect(c.facts(at: "2026-03-03T09:00:00+01:00").signalDays("dispute") == 2)
        #expect(!c.facts(at: "2026-03-03T10:00:00+01:00").signalActive("dispute"))
        #expect(!c.facts(at: "2026-03-04T10:00:00+01:00").signalActive("dispute"))
        let f = c.facts(at: "2026-03-06T10:00:00+01:00")
        #expect(f.signalActive("dispute"))
        #expect(f.signalDays("dispute") == 1)
    }

    @Test func clearAtTheSameInstantEndsAnActivationArrivingLater() {
        var c = CaseBuilder()
        c.signal("2026-03-05T10:00:00+01:00", "dispute", cleared: true)
        c.signal("2026-03-05T10:00:00+01:00", "dispute")
        #expect(!c.facts(at: "2026-03-06T10:00:00+01:00").signalActive("dispute"))
    }

    @Test func declaredDefaultDuration() {
        var c = CaseBuilder()
        c.signal("2026-01-01T10:00:00+01:00", "debt_help")
        let lasts = ["debt_help": TimeSpan.days(120)]
        let f = c.facts(at: "2026-05-01T09:59:59+01:00", durations: lasts)  // 119 d 23:59:59 later
        #expect(f.signalActive("debt_help"))
        #expect(f.signalDays("debt_help") == 120)  // calendar days 01-01 → 05-01
        #expect(!c.facts(at: "2026-05-01T10:00:00+01:00", durations: lasts).signalActive("debt_help"))
        // Without a declared duration it lasts until cleared.
        #expect(c.facts(at: "2027-06-01T10:00:00+01:00").signalActive("debt_help"))
        // `until` wins over the declared duration.
        var d = CaseBuilder()
        d.signal("2026-01-01T10:00:00+01:00", "debt_help", until: "2026-01-05")
        #expect(!d.facts(at: "2026-01-06T00:00:00+01:00", durations: lasts).signalActive("debt_help"))
    }

    @Test func overlappingActivationsFormOneRun() {
        var c = CaseBuilder()
        c.signal("2026-03-01T10:00:00+01:00", "illness", until: "2026-03-10")
        c.signal("2026-03-05T10:00:00+01:00", "illness", until: "2026-03-20")
        let f = c.facts(at: "2026-03-15T10:00:00+01:00")
        #expect(f.signalActive("illness"))
        #expect(f.signalDays("illness") == 14)
        #expect(!c.facts(at: "2026-03-21T00:00:00+01:00").signalActive("illness"))
    }

    @Test func aGapStartsANewRun() {
        var c = CaseBuilder()
        c.signal("2026-03-01T10:00:00+01:00", "illness", until: "2026-03-03")
        c.signal("2026-03-05T10:00:00+01:00", "illness", until: "2026-03-20")
        #expect(!c.facts(at: "2026-03-04T10:00:00+01:00").signalActive("illness"))
        #expect(c.facts(at: "2026-03-15T10:00:00+01:00").signalDays("illness") == 10)
    }

    @Test func mixedEndsOverlapOnTheCalendarDay() {
        var c = CaseBuilder()
        c.signal("2026-03-01T10:00:00+01:00", "job_loss", until: "2026-03-05")
        c.signal("2026-03-05T08:00:00+01:00", "job_loss")  // starts before the end of 03-05
        c.signal("2026-03-01T10:00:00+01:00", "illness", until: "2026-03-04")
        c.signal("2026-03-05T00:30:00+01:00", "illness")  // starts the day after
        let lasts = ["job_loss": TimeSpan.days(10), "illness": TimeSpan.days(10)]
        let f = c.facts(at: "2026-03-12T10:00:00+01:00", durations: lasts)
        #expect(f.signalDays("job_loss") == 11)
        #expect(f.signalDays("illness") == 7)
        // Two duration activations overlapping: the run starts at the first, ends with the last.
        var d = CaseBuilder()
        d.signal("2026-03-01T10:00:00+01:00", "dispute")
        d.signal("2026-03-02T10:00:00+01:00", "cannot_pay")  // until 03-05 10:00
        d.signal("2026-03-04T10:00:00+01:00", "cannot_pay")  // until 03-07 10:00
        let g = d.facts(at: "2026-03-06T10:00:00+01:00", durations: ["cannot_pay": .days(3)])
        #expect(g.signalDays("cannot_pay") == 4)
        #expect(g.signalDays("dispute") == 5)
        #expect(!d.facts(at: "2026-03-07T10:00:00+01:00", durations: ["cannot_pay": .days(3)]).signalActive("cannot_pay"))
    }

    @Test func signalsAreIndependent() {
        var c = CaseBuilder()
        c.signal("2026-03-01T10:00:00+01:00", "debt_help")
        c.signal("2026-03-02T10:00:00+01:00", "dispute", cleared: true)
        let f = c.facts(at: "2026-03-03T10:00:00+01:00")
        #expect(f.signalActive("debt_help"))
        #expect(!f.signalActive("dispute"))
        #expect(!f.signalActive("deceased"))
        #expect(f.signalDays("deceased") == 0)
    }
}
