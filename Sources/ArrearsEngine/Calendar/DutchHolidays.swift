/// The public holidays of the Algemene termijnenwet (Atw, art. 3), computed for any year of
/// the proleptic Gregorian calendar: New Year's Day, Easter Monday, King's Day (Queen's Day
/// before 2014), 5 May, Ascension Day, Whit Monday, Christmas Day and Boxing Day.
/// Good Friday is not one; Easter Sunday and Whit Sunday are Sundays anyway and not listed.
///
/// Everything is computed on demand (a few integer operations), so there is no shared state.
public enum DutchHolidays {
    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    public static func easterSunday(year: Int) -> LocalDate {
        let a = floorMod(year, 19)
        let b = floorDiv(year, 100), c = floorMod(year, 100)
        let d = floorDiv(b, 4), e = floorMod(b, 4)
        let f = floorDiv(b + 8, 25)
        let g = floorDiv(b - f + 1, 3)
        let h = floorMod(19 * a + b - d - g + 15, 30)
        let i = c / 4, k = c % 4
        let l = floorMod(32 + 2 * e + 2 * i - h - k, 7)
        let m = (a + 11 * h + 22 * l) / 451
        let n = h + l - 7 * m + 114
        return LocalDate(year: year, month: n / 31, day: n % 31 + 1)!
    }

    /// King's Day from 2014: 27 April, or 26 April when the 27th is a Sunday.
    /// Before 2014 Queen's Day: 30 April, or 29 April when the 30th is a Sunday.
    public static func kingsDay(year: Int) -> LocalDate {
        let day = year >= 2014 ? 27 : 30
        let date = LocalDate(year: year, month: 4, day: day)!
        return date.weekday == .sunday ? date.adding(days: -1) : date
    }

    /// The Atw holidays of `year`, sorted and without duplicates (Ascension Day can fall on 5 May).
    public static func dates(in year: Int) -> [LocalDate] {
        let easter = easterSunday(year: year)
        let all: Set<LocalDate> = [
            LocalDate(year: year, month: 1, day: 1)!,
            easter.adding(days: 1),
            kingsDay(year: year),
            LocalDate(year: year, month: 5, day: 5)!,
            easter.adding(days: 39),
            easter.adding(days: 50),
            LocalDate(year: year, month: 12, day: 25)!,
            LocalDate(year: year, month: 12, day: 26)!,
        ]
        return all.sorted()
    }

    /// Whether `date` is an Atw holiday.
    public static func contains(_ date: LocalDate) -> Bool {
        let (year, month, day) = date.components
        switch (month, day) {
        case (1, 1), (5, 5), (12, 25), (12, 26): return true
        case (4, 26...30) where date == kingsDay(year: year): return true
        case (3...6, _):
            // Easter falls on 22 March to 25 April, so Easter Monday to Whit Monday lie in March to June.
            let sinceEaster = date - easterSunday(year: year)
            return sinceEaster == 1 || sinceEaster == 39 || sinceEaster == 50
        default: return false
        }
    }
}
