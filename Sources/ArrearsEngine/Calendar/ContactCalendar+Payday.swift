/// Paydays (SPEC §4.3 `after payday`, §4.4 `days_to_payday`).
extension ContactCalendar {
    /// The payday P on or after `date`: the first day on or after `date` that is `caseDay`
    /// (the case attribute `payday`, when set and in 1...31) or else one of `paydays`, where
    /// a day past the end of a month means its last day; then moved forward past closed days
    /// and holidays. With no paydays at all, P is `date`. When every day is closed P is not
    /// moved (the search stops after `searchDays`).
    public func nextPayday(onOrAfter date: LocalDate, caseDay: Int?) -> LocalDate {
        let days: [Int]
        if let caseDay, (1...31).contains(caseDay) {
            days = [caseDay]
        } else {
            days = settings.paydays.filter { (1...31).contains($0) }
        }
        guard !days.isEmpty else { return date }
        var payday = Self.firstPayday(onOrAfter: date, days: days)
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
    static func firstPayday(onOrAfter date: LocalDate, days: [Int]) -> LocalDate {
        var (year, month, _) = date.components
        // This month's paydays may all lie before `date`; next month's cannot.
        for _ in 0..<2 {
            let length = LocalDate.daysInMonth(year: year, month: month)
            let candidates = days.map { LocalDate(year: year, month: month, day: min($0, length))! }
            if let first = candidates.filter({ $0 >= date }).min() { return first }
            if month == 12 { year += 1; month = 1 } else { month += 1 }
        }
        preconditionFailure("a payday exists in the month after any date")
    }
}
