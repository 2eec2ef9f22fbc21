import Testing
@testable import ArrearsEngine

private func d(_ text: String) -> LocalDate { LocalDate(text)! }

@Suite struct CalendarHolidayTests {
    @Test func easterByTheGregorianAlgorithm() {
        let known: [(Int, String)] = [
            (1818, "1818-03-22"), (1943, "1943-04-25"), (2000, "2000-04-23"), (2008, "2008-03-23"),
            (2019, "2019-04-21"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"),
            (2027, "2027-03-28"), (2028, "2028-04-16"), (2038, "2038-04-25"), (2285, "2285-03-22"),
        ]
        for (year, easter) in known {
            #expect(DutchHolidays.easterSunday(year: year) == d(easter), "Easter \(year)")
        }
    }

    @Test func holidays2026() {
        #expect(DutchHolidays.dates(in: 2026) == [
            d("2026-01-01"), d("2026-04-06"), d("2026-04-27"), d("2026-05-05"),
            d("2026-05-14"), d("2026-05-25"), d("2026-12-25"), d("2026-12-26"),
        ])
    }

    @Test func holidays2027() {
        #expect(DutchHolidays.dates(in: 2027) == [
            d("2027-01-01"), d("2027-03-29"), d("2027-04-27"), d("2027-05-05"),
            d("2027-05-06"), d("2027-05-17"), d("2027-12-25"), d("2027-12-26"),
        ])
    }

    @Test func holidays2028() {
        #expect(DutchHolidays.dates(in: 2028) == [
            d("2028-01-01"), d("2028-04-17"), d("2028-04-27"), d("2028-05-05"),
            d("2028-05-25"), d("2028-06-05"), d("2028-12-25"), d("2028-12-26"),
        ])
    }

    @Test func everyListedDateIsContainedAndNoOther() {
        for year in [1999, 2016, 2025, 2026, 2027, 2028, 2038] {
            let listed = Set(DutchHolidays.dates(in: year))
            var date = d("\(year)-01-01")
            while date.year == year {
                #expect(DutchHolidays.contains(date) == listed.contains(date), "\(date)")
                date = date.adding(days: 1)
            }
        }
    }

    @Test func kingsDayMovesToSaturdayWhenThe27thIsASunday() {
        #expect(d("2025-04-27").weekday == .sunday)
        #expect(DutchHolidays.kingsDay(year: 2025) == d("2025-04-26"))
        #expect(DutchHolidays.contains(d("2025-04-26")))
        #expect(!DutchHolidays.contains(d("2025-04-27")))
        // The first King's Day, 2014, was moved too.
        #expect(DutchHolidays.kingsDay(year: 2014) == d("2014-04-26"))
    }

    @Test func queensDayBefore2014() {
        #expect(DutchHolidays.kingsDay(year: 2013) == d("2013-04-30"))
        #expect(DutchHolidays.contains(d("2012-04-30")))
        #expect(!DutchHolidays.contains(d("2012-04-27")))
        // 30 April 2006 was a Sunday.
        #expect(DutchHolidays.kingsDay(year: 2006) == d("2006-04-29"))
        #expect(!DutchHolidays.contains(d("2006-04-30")))
    }

    @Test func ascensionOnFifthOfMayIsListedOnce() {
        // Easter 2016 was 27 March, so Ascension Day was 5 May.
        let dates = DutchHolidays.dates(in: 2016)
        #expect(dates.count == 7)
        #expect(dates.filter { $0 == d("2016-05-05") }.count == 1)
    }

    @Test func easterMondayOnApril26IsStillAHoliday() {
        // Easter 2038 is 25 April; King's Day 2038 is the 27th.
        #expect(DutchHolidays.contains(d("2038-04-26")))
        #expect(DutchHolidays.contains(d("2038-04-27")))
    }

    @Test func goodFridayAndSundaysAreNotListed() {
        #expect(!DutchHolidays.contains(d("2026-04-03")))  // Good Friday
        #expect(!DutchHolidays.contains(d("2026-04-05")))  // Easter Sunday
        #expect(!DutchHolidays.contains(d("2026-05-24")))  // Whit Sunday
        #expect(!DutchHolidays.contains(d("2026-12-24")))
        #expect(!DutchHolidays.contains(d("2026-12-31")))
    }

    @Test func worksForYearsFarFromNow() {
        #expect(DutchHolidays.dates(in: 1583).count == 8)
        #expect(DutchHolidays.dates(in: 9999).allSatisfy { $0.year == 9999 })
        // Easter dates repeat every 5,700,000 years; the algorithm uses floor division for
        // years before the common era.
        let ancient = DutchHolidays.easterSunday(year: -5_698_000)
        #expect(ancient.month == 4 && ancient.day == 23)  // as in 2000
    }
}
