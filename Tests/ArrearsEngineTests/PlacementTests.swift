import Testing
@testable import ArrearsEngine

/// Placement of items whose due lies in the past (SPEC §4.5 rule 5): the search starts at
/// today's local midnight instead of walking every window since the due, and must find what
/// the walk finds.
@Suite struct PlacementTests {
    func at(_ text: String) -> Instant { Instant.parseRFC3339(text)! }

    /// The walk from `due` through every window that ends by `now`, as placement did before.
    func walked(_ calendar: ContactCalendar, due: Instant, now: Instant) -> ContactWindow? {
        var t = due
        while let window = calendar.window(atOrAfter: t) {
            if window.end > now { return window }
            t = window.end
        }
        return nil
    }

    /// Every due from 70 days before to 2 days after each `now`, at several times of day, over
    /// Sundays, holidays (Easter, King's Day, Christmas) and both daylight-saving changes, with
    /// contact hours that end at midnight too.
    @Test(arguments: [(7 * 60, 20 * 60), (0, 24 * 60), (9 * 60, 17 * 60 + 30)])
    func aDueLongPastPlacesAsTheWalkDoes(hours: (start: Int, end: Int)) {
        var settings = CalendarSettings()
        settings.contactStart = TimeOfDay(minutes: hours.start)
        settings.contactEnd = TimeOfDay(minutes: hours.end)
        settings.closed = [.sunday, .saturday]
        let calendar = ContactCalendar(settings: settings)!
        let nows = ["2026-03-29T12:00:00+02:00", "2026-03-30T06:59:59+02:00", "2026-04-06T00:00:00+02:00",
                    "2026-04-27T19:59:59+02:00", "2026-10-25T02:30:00+01:00", "2026-10-26T20:00:00+01:00",
                    "2026-12-25T10:00:00+01:00", "2026-12-28T23:59:59+01:00", "2027-01-01T00:00:00+01:00"].map(at)
        var compared = 0
        for now in nows {
            for hoursBack in stride(from: -48, through: 70 * 24, by: 7) {
                let due = Instant(microseconds: now.microseconds - Int64(hoursBack) * 3_600_000_000 + 1_234_567)
                var placement = Placement(calendar: calendar, limits: [], contacts: [])
                let placed = placement.place(due, channel: .phone, notEndingBy: now)
                #expect(placed == walked(calendar, due: due, now: now), "due \(due) now \(now)")
                compared += 1
            }
        }
        #expect(compared == 9 * 247)
    }

    /// With a limit the placement moves past days already used, from today on, for an item
    /// that has been overdue for months.
    @Test func aLimitStillMovesAnItemOverdueForMonths() {
        let calendar = ContactCalendar(settings: CalendarSettings())!  // 07:00–20:00, closed Sunday and holidays
        let limit = ContactLimit(count: 1, window: .days(1), channel: .phone)
        // Monday 2026-11-23 10:00; a call made an hour ago blocks phone contact until 09:00 tomorrow.
        let now = at("2026-11-23T10:00:00+01:00")
        var placement = Placement(calendar: calendar, limits: [limit], contacts: [(at("2026-11-23T09:00:00+01:00"), .phone)])
        let placed = placement.place(at("2026-06-01T08:00:00+02:00"), channel: .phone, notEndingBy: now)
        #expect(placed == ContactWindow(start: at("2026-11-24T09:00:00+01:00"), end: at("2026-11-24T20:00:00+01:00")))
        // A second phone item the same day goes a day further; an SMS is not limited and is
        // due from today's contact start, as the walk from its due gave.
        #expect(placement.place(at("2026-06-01T08:00:00+02:00"), channel: .phone, notEndingBy: now)
            == ContactWindow(start: at("2026-11-25T09:00:00+01:00"), end: at("2026-11-25T20:00:00+01:00")))
        #expect(placement.place(at("2026-06-01T08:00:00+02:00"), channel: .sms, notEndingBy: now)
            == ContactWindow(start: at("2026-11-23T07:00:00+01:00"), end: at("2026-11-23T20:00:00+01:00")))
    }
}
