/// The calendar of a rule set (SPEC §4.2): which days are closed, when contact may happen
/// (SPEC §4.5 rule 5) and when the next payday is (SPEC §4.3).
///
/// Immutable, and a class so that the evaluators and placements that share one pass a
/// reference around instead of copying its settings, zone and lists (several retains and
/// releases per copy, a few copies per case evaluated).
public final class ContactCalendar: Sendable {
    public let settings: CalendarSettings
    public let timeZone: LocalTimeZone
    /// Bit `weekday.rawValue` is set for each closed weekday.
    private let closedWeekdays: UInt8
    /// `settings.paydays` within 1...31, sorted, without duplicates.
    let paydays: [Int]

    /// How far ahead (in days) searches for an open day go before giving up.
    public static let searchDays = 3 * 366

    /// A calendar in `timeZone`; the `timezone` of `settings` is not consulted.
    public init(settings: CalendarSettings, timeZone: LocalTimeZone) {
        self.settings = settings
        self.timeZone = timeZone
        self.closedWeekdays = settings.closed.reduce(0) { $0 | UInt8(1) << UInt8($1.rawValue) }
        self.paydays = Set(settings.paydays.filter { (1...31).contains($0) }).sorted()
    }

    /// A calendar in the time zone named by `settings.timezone`; nil when that zone is unknown.
    public convenience init?(settings: CalendarSettings) {
        guard let zone = LocalTimeZone(identifier: settings.timezone) else { return nil }
        self.init(settings: settings, timeZone: zone)
    }

    /// Whether no contact may happen on `date`: a closed weekday, a Dutch public holiday
    /// (when `holidays nl` is on) or an extra holiday.
    public func isClosed(_ date: LocalDate) -> Bool {
        if closedWeekdays & (UInt8(1) << UInt8(date.weekday.rawValue)) != 0 { return true }
        if settings.dutchHolidays && DutchHolidays.contains(date) { return true }
        return !settings.extraHolidays.isEmpty && settings.extraHolidays.contains(date)
    }

    /// The local date at `instant` (`today` for an evaluation at that instant).
    public func date(at instant: Instant) -> LocalDate { timeZone.date(at: instant) }

    /// The first instant of the local date at `instant` (local midnight, or the first instant
    /// after a daylight-saving gap that swallows it).
    public func startOfDay(at instant: Instant) -> Instant { timeZone.instant(date: date(at: instant), secondOfDay: 0) }

    /// The earliest instant at or after `instant` inside contact hours ([start, end) local time)
    /// on a day that is not closed, with the end of that day's contact hours.
    ///
    /// Local times that a daylight-saving change skips move to the first instant after the
    /// change; repeated ones take the earlier reading. nil when no such instant exists within
    /// `searchDays` days (every day closed, or contact hours empty).
    public func window(atOrAfter instant: Instant) -> ContactWindow? {
        let startSecond = settings.contactStart.minutes * 60
        let endSecond = settings.contactEnd.minutes * 60
        guard startSecond < endSecond else { return nil }
        var date = timeZone.date(at: instant)
        for _ in 0...Self.searchDays {
            defer { date = date.adding(days: 1) }
            if isClosed(date) { continue }
            let end = timeZone.instant(date: date, secondOfDay: endSecond)
            guard instant < end else { continue }
            let start = timeZone.instant(date: date, secondOfDay: startSecond)
            // Empty when a daylight-saving gap swallows the whole window.
            guard start < end else { continue }
            return ContactWindow(start: max(start, instant), end: end)
        }
        return nil
    }
}
