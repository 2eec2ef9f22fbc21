/// Paydays (SPEC §4.3 `after payday`, §4.4 `days_to_payday`).
extension ContactCalendar {
    /// The payday P on or after `date`: the first day on or after `date` that is `caseDay`
    /// (the case attribute `payday`, when set and in 1...31) or else one of `paydays`, where
    /// a day past the end of a month means its last day; then moved forward past closed days
    /// and holidays. With no paydays at all, P is `date`. When every day is closed P is not
    /// moved (the search stops after `searchDays`).
    public func nextPayday(onOrAfter date: LocalDate, caseDay: Int?) -> LocalDate {
        var payday: LocalDate
        if let caseDay, (1...31).contains(caseDay) {
            payday = Self.firstPayday(onOrAfter: date, days: CollectionOfOne(caseDay))
        } else if !paydays.isEmpty {
            payday = Self.firstPayday(onOrAfter: date, days: paydays)
        } else {
            return date
        }
        var moved = payday
        for _ in 0..<Self.searchDays {
            guard isClosed(moved) else { payday = moved; break }
            moved = moved.adding(days: 1)
        }
        return payday
    }

    /// Calendar days from `today` to `nextPayday(onOrAfter: today, caseDay:)`.
    public func daysToPayday(today: LocalDate, caseDay: Int?) -> Int {
        nextPayday(onOrAfter: today, caseDay: caseDay) - today
    }

    /// The due time of `due after payday + offset` for an item opened at `opened`: 00:00 local
    /// on the payday P of the local opening date, plus `offset` (days of 24 hours).
    public func dueAfterPayday(opened: Instant, offset: TimeSpan, caseDay: Int?) -> Instant {
        let payday = nextPayday(onOrAfter: timeZone.date(at: opened), caseDay: caseDay)
        return timeZone.instant(date: payday, secondOfDay: 0) + offset
    }

    /// The first day on or after `date` that is one of `days` (1...31, not empty), a day past
    /// the end of a month meaning the month's last day. Not moved past closed days.
    static func firstPayday(onOrAfter date: LocalDate, days: some Collection<Int>) -> LocalDate {
        let (year, month, today) = date.components
        // A day of this month on or after today, else the earliest day of next month.
        var best: Int?
        let length = LocalDate.daysInMonth(year: year, month: month)
        for day in days where min(day, length) >= today {
            best = min(best ?? Int.max, min(day, length))
        }
        if let best { return LocalDate(year: year, month: month, day: best)! }
        let (nextYear, nextMonth) = month == 12 ? (year + 1, 1) : (year, month + 1)
        let nextLength = LocalDate.daysInMonth(year: nextYear, month: nextMonth)
        var first = nextLength
        for day in days { first = min(first, day) }
        return LocalDate(year: nextYear, month: nextMonth, day: first)!
    }
}
