import Testing
@testable import ArrearsEngine

private func at(_ text: String) -> Instant { Instant.parseRFC3339(text)! }
private func d(_ text: String) -> LocalDate { LocalDate(text)! }

private func calendar(_ configure: (inout CalendarSettings) -> Void = { _ in }) -> ContactCalendar {
    var settings = CalendarSettings()
    configure(&settings)
    return ContactCalendar(settings: settings)!
}

private func window(_ calendar: ContactCalendar, _ text: String) -> ContactWindow? {
    calendar.window(atOrAfter: at(text))
}

private func expectWindow(_ w: ContactWindow?, _ start: String, _ end: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(w == ContactWindow(start: at(start), end: at(end)), sourceLocation: sourceLocation)
}

@Suite struct ContactCalendarTests {
    @Test func unknownTimeZoneFails() {
        var settings = CalendarSettings()
        settings.timezone = "Europe/Amsterdm"
        #expect(ContactCalendar(settings: settings) == nil)
    }

    @Test func closedDays() {
        let cal = calendar { $0.extraHolidays = [d("2026-12-31")] }
        #expect(cal.isClosed(d("2026-11-29")))   // Sunday
        #expect(!cal.isClosed(d("2026-11-28")))  // Saturday
        #expect(cal.isClosed(d("2026-12-25")))   // Christmas, a Friday
        #expect(cal.isClosed(d("2026-12-31")))   // extra holiday
        #expect(!cal.isClosed(d("2026-12-30")))
        #expect(!cal.isClosed(d("2026-04-03")))  // Good Friday
        let noHolidays = calendar { $0.dutchHolidays = false }
        #expect(!noHolidays.isClosed(d("2026-12-25")))
        #expect(noHolidays.isClosed(d("2026-12-27")))
    }

    @Test func insideContactHoursTheWindowStartsAtOnce() {
        let cal = calendar()
        expectWindow(window(cal, "2026-12-28T10:00:00.25Z"), "2026-12-28T10:00:00.25Z", "2026-12-28T19:00:00Z")
        expectWindow(window(cal, "2026-12-28T05:59:59Z"), "2026-12-28T06:00:00Z", "2026-12-28T19:00:00Z")
        expectWindow(window(cal, "2026-12-28T06:00:00Z"), "2026-12-28T06:00:00Z", "2026-12-28T19:00:00Z")
        // The end is exclusive.
        expectWindow(window(cal, "2026-12-28T18:59:59Z"), "2026-12-28T18:59:59Z", "2026-12-28T19:00:00Z")
        expectWindow(window(cal, "2026-12-28T19:00:00Z"), "2026-12-29T06:00:00Z", "2026-12-29T19:00:00Z")
    }

    @Test func saturdayEveningMovesToMonday() {
        let cal = calendar()
        expectWindow(window(cal, "2026-11-28T19:15:00Z"), "2026-11-30T06:00:00Z", "2026-11-30T19:00:00Z")
        expectWindow(window(cal, "2026-11-29T11:00:00Z"), "2026-11-30T06:00:00Z", "2026-11-30T19:00:00Z")
        // Saturday itself is open by default.
        expectWindow(window(cal, "2026-11-28T05:00:00Z"), "2026-11-28T06:00:00Z", "2026-11-28T19:00:00Z")
    }

    @Test func christmasAndBoxingDayAreSkipped() {
        // Thursday 24 December 20:30 local; Friday and Saturday are holidays, Sunday is closed.
        expectWindow(window(calendar(), "2026-12-24T19:30:00Z"), "2026-12-28T06:00:00Z", "2026-12-28T19:00:00Z")
        expectWindow(window(calendar { $0.dutchHolidays = false }, "2026-12-24T19:30:00Z"),
                     "2026-12-25T06:00:00Z", "2026-12-25T19:00:00Z")
    }

    @Test func extraHolidayAndNewYear() {
        let cal = calendar { $0.extraHolidays = [d("2026-12-31")] }
        expectWindow(window(cal, "2026-12-30T19:30:00Z"), "2027-01-02T06:00:00Z", "2027-01-02T19:00:00Z")
    }

    @Test func windowsOnDaylightSavingChangeDays() {
        let open = calendar { $0.closed = [] }
        // Spring: 07:00-20:00 CEST.
        expectWindow(window(open, "2026-03-28T19:30:00Z"), "2026-03-29T05:00:00Z", "2026-03-29T18:00:00Z")
        // Autumn: 07:00-20:00 CET.
        expectWindow(window(open, "2026-10-24T19:30:00Z"), "2026-10-25T06:00:00Z", "2026-10-25T19:00:00Z")
        // 20:30 CEST on Saturday 24 October is 18:30Z, already past the window.
        expectWindow(window(open, "2026-10-24T18:30:00Z"), "2026-10-25T06:00:00Z", "2026-10-25T19:00:00Z")
        // With Sunday closed the spring change day is skipped and Monday is in CEST.
        expectWindow(window(calendar(), "2026-03-28T19:30:00Z"), "2026-03-30T05:00:00Z", "2026-03-30T18:00:00Z")
    }

    @Test func contactHoursInsideTheGap() {
        let cal = calendar {
            $0.closed = []
            $0.contactStart = TimeOfDay(minutes: 150)  // 02:30, skipped on 2026-03-29
            $0.contactEnd = TimeOfDay(minutes: 240)
        }
        expectWindow(window(cal, "2026-03-28T22:00:00Z"), "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z")
        // A window wholly inside the gap does not exist that day.
        let swallowed = calendar {
            $0.closed = []
            $0.contactStart = TimeOfDay(minutes: 120)
            $0.contactEnd = TimeOfDay(minutes: 180)
        }
        expectWindow(window(swallowed, "2026-03-28T22:00:00Z"), "2026-03-30T00:00:00Z", "2026-03-30T01:00:00Z")
    }

    @Test func contactUntilMidnight() {
        let cal = calendar { $0.contactEnd = TimeOfDay(minutes: 1440) }
        expectWindow(window(cal, "2026-12-28T22:30:00Z"), "2026-12-28T22:30:00Z", "2026-12-28T23:00:00Z")
    }

    @Test func aCalendarWithoutContactReturnsNil() {
        #expect(window(calendar { $0.closed = Set(Weekday.allCases) }, "2026-01-01T12:00:00Z") == nil)
        #expect(window(calendar { $0.contactEnd = $0.contactStart }, "2026-01-01T12:00:00Z") == nil)
        // Everything but one day closed for more than the search horizon.
        let mostlyClosed = calendar {
            $0.closed = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday]
            $0.extraHolidays = Set((0..<2000).map { d("2026-01-04").adding(days: 7 * $0) })
        }
        #expect(window(mostlyClosed, "2026-01-01T12:00:00Z") == nil)
    }

    // MARK: - Paydays

    @Test func paydayPastTheEndOfTheMonthIsTheLastDay() {
        let cal = calendar { $0.paydays = [31] }
        #expect(cal.nextPayday(onOrAfter: d("2026-02-10"), caseDay: nil) == d("2026-02-28"))  // Saturday
        #expect(cal.nextPayday(onOrAfter: d("2028-02-10"), caseDay: nil) == d("2028-02-29"))  // leap year
        #expect(cal.nextPayday(onOrAfter: d("2026-04-05"), caseDay: nil) == d("2026-04-30"))
        #expect(cal.nextPayday(onOrAfter: d("2026-04-30"), caseDay: nil) == d("2026-04-30"))
        #expect(cal.nextPayday(onOrAfter: d("2026-01-31"), caseDay: nil) == d("2026-01-31"))
        #expect(cal.nextPayday(onOrAfter: d("2027-01-31"), caseDay: nil) == d("2027-02-01"))  // Sunday -> Monday
        // 31 May 2026 is a Sunday: moved to Monday 1 June.
        #expect(cal.nextPayday(onOrAfter: d("2026-05-01"), caseDay: nil) == d("2026-06-01"))
    }

    @Test func paydayMovesPastSundaysAndHolidays() {
        let cal = calendar { $0.paydays = [25] }
        #expect(cal.nextPayday(onOrAfter: d("2026-01-10"), caseDay: nil) == d("2026-01-26"))  // 25 Jan is a Sunday
        #expect(cal.nextPayday(onOrAfter: d("2026-12-01"), caseDay: nil) == d("2026-12-28"))  // 25, 26 holidays, 27 Sunday
        #expect(calendar { $0.paydays = [25]; $0.dutchHolidays = false }
            .nextPayday(onOrAfter: d("2026-12-01"), caseDay: nil) == d("2026-12-25"))
        #expect(calendar { $0.paydays = [5] }.nextPayday(onOrAfter: d("2026-05-01"), caseDay: nil) == d("2026-05-06"))
    }

    @Test func firstOfTheDefaultPaydays() {
        let cal = calendar()  // 20, 23, 25
        #expect(cal.nextPayday(onOrAfter: d("2026-01-08"), caseDay: nil) == d("2026-01-20"))
        #expect(cal.nextPayday(onOrAfter: d("2026-01-21"), caseDay: nil) == d("2026-01-23"))
        #expect(cal.nextPayday(onOrAfter: d("2026-12-24"), caseDay: nil) == d("2026-12-28"))
        #expect(cal.nextPayday(onOrAfter: d("2026-12-26"), caseDay: nil) == d("2027-01-20"))
        #expect(cal.daysToPayday(today: d("2026-12-24"), caseDay: nil) == 4)
        #expect(cal.daysToPayday(today: d("2026-01-20"), caseDay: nil) == 0)
        #expect(cal.daysToPayday(today: d("2026-12-26"), caseDay: nil) == 25)
    }

    @Test func theCasePaydayWins() {
        let cal = calendar()
        // 1 January 2027 is a holiday, the 2nd a Saturday.
        #expect(cal.nextPayday(onOrAfter: d("2026-12-24"), caseDay: 1) == d("2027-01-02"))
        #expect(cal.daysToPayday(today: d("2026-12-24"), caseDay: 1) == 9)
        #expect(cal.nextPayday(onOrAfter: d("2026-02-01"), caseDay: 30) == d("2026-02-28"))
        // Past this month's payday, the 30th of next month is its last day.
        #expect(cal.nextPayday(onOrAfter: d("2026-01-31"), caseDay: 30) == d("2026-02-28"))
        #expect(cal.nextPayday(onOrAfter: d("2028-01-31"), caseDay: 30) == d("2028-02-29"))
        // An out-of-range attribute is ignored.
        #expect(cal.nextPayday(onOrAfter: d("2026-01-08"), caseDay: 0) == d("2026-01-20"))
    }

    @Test func withoutPaydaysThePaydayIsToday() {
        let cal = calendar { $0.paydays = [] }
        #expect(cal.nextPayday(onOrAfter: d("2026-01-08"), caseDay: nil) == d("2026-01-08"))
        #expect(cal.nextPayday(onOrAfter: d("2026-01-08"), caseDay: 12) == d("2026-01-12"))
    }

    @Test func allClosedDoesNotMoveThePaydayForever() {
        let cal = calendar { $0.closed = Set(Weekday.allCases); $0.paydays = [25] }
        #expect(cal.nextPayday(onOrAfter: d("2026-01-10"), caseDay: nil) == d("2026-01-25"))
    }

    @Test func dueAfterPaydayPlusTwoDays() {
        let cal = calendar()
        // Opened Thursday 24 December; P = Monday 28 December 00:00 CET, plus 48 hours.
        #expect(cal.dueAfterPayday(opened: at("2026-12-24T10:00:00+01:00"), offset: .days(2), caseDay: nil)
            == at("2026-12-30T00:00:00+01:00"))
        #expect(cal.dueAfterPayday(opened: at("2026-12-24T10:00:00+01:00"), offset: TimeSpan(seconds: 0), caseDay: nil)
            == at("2026-12-28T00:00:00+01:00"))
    }

    @Test func dueAfterPaydayUsesTheLocalOpeningDate() {
        let cal = calendar()
        // 2026-01-20T23:30Z is 00:30 on the 21st in Amsterdam: the 20th has passed, P is the 23rd.
        #expect(cal.dueAfterPayday(opened: at("2026-01-20T23:30:00Z"), offset: TimeSpan(seconds: 0), caseDay: nil)
            == at("2026-01-23T00:00:00+01:00"))
        #expect(cal.dueAfterPayday(opened: at("2026-01-20T22:30:00Z"), offset: TimeSpan(seconds: 0), caseDay: nil)
            == at("2026-01-20T00:00:00+01:00"))
    }

    @Test func dueAfterPaydayAcrossDaylightSaving() {
        let cal = calendar { $0.paydays = [30] }
        // Monday 30 March 2026 00:00 is in CEST.
        #expect(cal.dueAfterPayday(opened: at("2026-03-20T12:00:00Z"), offset: TimeSpan(seconds: 0), caseDay: nil)
            == at("2026-03-29T22:00:00Z"))
        // Days are 24 hours (SPEC §4.1): 1d after 00:00 on Saturday 28 March ends at 01:00 CEST on Sunday.
        let sat = calendar { $0.paydays = [28] }
        #expect(sat.dueAfterPayday(opened: at("2026-03-20T12:00:00Z"), offset: .days(1), caseDay: nil)
            == at("2026-03-29T01:00:00+02:00"))
    }

    @Test func dueAfterPaydayWhenMidnightIsSkipped() {
        var settings = CalendarSettings()
        settings.timezone = "America/Sao_Paulo"
        settings.closed = []
        settings.dutchHolidays = false
        settings.paydays = [4]
        let cal = ContactCalendar(settings: settings)!
        #expect(cal.dueAfterPayday(opened: at("2018-11-01T12:00:00-03:00"), offset: TimeSpan(seconds: 0), caseDay: nil)
            == at("2018-11-04T01:00:00-02:00"))
    }
}
