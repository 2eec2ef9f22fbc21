import Foundation
import Testing
@testable import ArrearsEngine

private func at(_ text: String) -> Instant { Instant.parseRFC3339(text)! }
private func d(_ text: String) -> LocalDate { LocalDate(text)! }
private let amsterdam = LocalTimeZone(identifier: "Europe/Amsterdam")!

@Suite struct LocalTimeZoneTests {
    @Test func unknownIdentifiersFail() {
        #expect(LocalTimeZone(identifier: "Europe/Amsterdm") == nil)
        #expect(LocalTimeZone(identifier: "Mars/Olympus") == nil)
        #expect(LocalTimeZone(identifier: "") == nil)
        #expect(LocalTimeZone(identifier: "UTC") != nil)
    }

    @Test func offsetsAroundTheSpringChange2026() {
        // 2026-03-29 01:00Z: 02:00 CET becomes 03:00 CEST.
        #expect(amsterdam.offsetSeconds(at: at("2026-03-29T00:59:59Z")) == 3600)
        #expect(amsterdam.offsetSeconds(at: at("2026-03-29T01:00:00Z")) == 7200)
        #expect(amsterdam.rfc3339(at("2026-03-29T00:59:59Z")) == "2026-03-29T01:59:59+01:00")
        #expect(amsterdam.rfc3339(at("2026-03-29T01:00:00Z")) == "2026-03-29T03:00:00+02:00")
    }

    @Test func offsetsAroundTheAutumnChange2026() {
        // 2026-10-25 01:00Z: 03:00 CEST becomes 02:00 CET.
        #expect(amsterdam.rfc3339(at("2026-10-25T00:30:00Z")) == "2026-10-25T02:30:00+02:00")
        #expect(amsterdam.rfc3339(at("2026-10-25T01:30:00Z")) == "2026-10-25T02:30:00+01:00")
        #expect(amsterdam.rfc3339(at("2026-12-28T06:00:00Z")) == "2026-12-28T07:00:00+01:00")
    }

    @Test func instantToLocal() {
        let l = amsterdam.local(at("2026-01-20T23:30:00Z"))
        #expect(l.date == d("2026-01-21"))
        #expect(l.minuteOfDay == 30)
        #expect(l.secondOfDay == 1800)
        #expect(l.offsetSeconds == 3600)
        #expect(l.description == "2026-01-21T00:30:00+01:00")
        // Before 1970 and past the table (2200) too.
        #expect(amsterdam.local(at("1969-12-31T23:30:00Z")).date == d("1970-01-01"))
        #expect(amsterdam.rfc3339(at("2300-07-01T12:00:00Z")) == "2300-07-01T14:00:00+02:00")
    }

    @Test func localToInstantOnOrdinaryDays() {
        #expect(amsterdam.instant(date: d("2026-07-01"), time: TimeOfDay(minutes: 7 * 60)) == at("2026-07-01T05:00:00Z"))
        #expect(amsterdam.instant(date: d("2026-12-28"), time: TimeOfDay(minutes: 20 * 60)) == at("2026-12-28T19:00:00Z"))
        // 24:00 is midnight after the date.
        #expect(amsterdam.instant(date: d("2026-12-28"), time: TimeOfDay(minutes: 1440)) == at("2026-12-28T23:00:00Z"))
    }

    @Test func aSkippedLocalTimeMovesToTheFirstInstantAfterTheGap() {
        #expect(amsterdam.instant(date: d("2026-03-29"), time: TimeOfDay(minutes: 150)) == at("2026-03-29T01:00:00Z"))
        #expect(amsterdam.instant(date: d("2026-03-29"), time: TimeOfDay(minutes: 120)) == at("2026-03-29T01:00:00Z"))
        #expect(amsterdam.instant(date: d("2026-03-29"), time: TimeOfDay(minutes: 180)) == at("2026-03-29T01:00:00Z"))
        #expect(amsterdam.instant(date: d("2026-03-29"), time: TimeOfDay(minutes: 119)) == at("2026-03-29T00:59:00Z"))
        // São Paulo's clocks skipped midnight on 2018-11-04.
        let saoPaulo = LocalTimeZone(identifier: "America/Sao_Paulo")!
        #expect(saoPaulo.instant(date: d("2018-11-04"), secondOfDay: 0) == at("2018-11-04T03:00:00Z"))
        #expect(saoPaulo.rfc3339(at("2018-11-04T03:00:00Z")) == "2018-11-04T01:00:00-02:00")
        // Samoa skipped 30 December 2011 altogether.
        let apia = LocalTimeZone(identifier: "Pacific/Apia")!
        #expect(apia.instant(date: d("2011-12-30"), time: TimeOfDay(minutes: 7 * 60)) == at("2011-12-30T10:00:00Z"))
        #expect(apia.local(at("2011-12-30T10:00:00Z")).date == d("2011-12-31"))
    }

    @Test func aRepeatedLocalTimeTakesTheEarlierInstant() {
        #expect(amsterdam.instant(date: d("2026-10-25"), time: TimeOfDay(minutes: 150)) == at("2026-10-25T00:30:00Z"))
        #expect(amsterdam.instant(date: d("2026-10-25"), time: TimeOfDay(minutes: 120)) == at("2026-10-25T00:00:00Z"))
        #expect(amsterdam.instant(date: d("2026-10-25"), time: TimeOfDay(minutes: 180)) == at("2026-10-25T02:00:00Z"))
    }

    @Test func roundTripsEveryQuarterHourAcrossChangeDays() {
        for date in [d("2026-03-29"), d("2026-10-25")] {
            for minute in stride(from: 0, to: 1440, by: 15) {
                let instant = amsterdam.instant(date: date, secondOfDay: minute * 60)
                let back = amsterdam.local(instant)
                let skipped = date == d("2026-03-29") && (120..<180).contains(minute)
                #expect(back.date == date)
                #expect(back.minuteOfDay == (skipped ? 180 : minute), "\(date) minute \(minute)")
            }
        }
    }

    @Test func tableAgreesWithFoundation() {
        for id in ["Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe", "Europe/Moscow",
                   "Pacific/Apia", "America/Sao_Paulo", "Asia/Kolkata", "UTC"] {
            let zone = LocalTimeZone(identifier: id)!
            let foundation = TimeZone(identifier: id)!
            var mismatches = 0
            // Every 7 hours from 2008 to 2031, plus a second either side of each sample.
            var s: Int64 = 1_199_145_600
            while s < 1_924_992_000 {
                for t in [s - 1, s, s + 1] {
                    let expected = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))
                    if zone.offsetSeconds(at: Instant(seconds: t)) != expected { mismatches += 1 }
                }
                s += 7 * 3600
            }
            #expect(mismatches == 0, "\(id)")
        }
    }

    /// A second either side of every change in the table, and each stretch's first and last
    /// second, against Foundation: the lookup by stretch finds the change it must.
    @Test func everyChangeInTheTableIsFoundFromBothSides() {
        for id in ["Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "UTC"] {
            let zone = LocalTimeZone(identifier: id)!
            let foundation = TimeZone(identifier: id)!
            func foundationOffset(_ t: Int64) -> Int { foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))) }
            var mismatches: [Int64] = []
            var cursor = Date(timeIntervalSince1970: Double(LocalTimeZone.defaultTableRange.lowerBound))
            var changes = 0
            while let next = foundation.nextDaylightSavingTimeTransition(after: cursor), next > cursor,
                  next.timeIntervalSince1970 < Double(LocalTimeZone.defaultTableRange.upperBound) - 86_400 {
                let t = Int64(next.timeIntervalSince1970.rounded(.down))
                for u in [t - 1, t, t + 1] where zone.offsetSeconds(at: Instant(seconds: u)) != foundationOffset(u) {
                    mismatches.append(u)
                }
                changes += 1
                cursor = next
            }
            let range = LocalTimeZone.defaultTableRange
            var begins = range.lowerBound
            while begins < range.upperBound {
                for u in [begins, begins - 1] where range.contains(u) && zone.offsetSeconds(at: Instant(seconds: u)) != foundationOffset(u) {
                    mismatches.append(u)
                }
                begins += 1 << LocalTimeZone.bucketShift
            }
            #expect(mismatches.isEmpty, "\(id): \(mismatches.prefix(5))")
            #expect(id == "UTC" || changes >= 20, "\(id): \(changes) changes")
        }
    }

    @Test func lookupsOutsideTheTableAskFoundation() {
        let narrow = LocalTimeZone(identifier: "Europe/Amsterdam", tableRange: 1_767_225_600 ..< 1_798_761_600)!  // 2026 only
        for text in ["2025-07-01T12:00:00Z", "2026-03-29T01:00:00Z", "2026-10-25T00:59:59Z", "2027-07-01T12:00:00Z", "2027-12-01T12:00:00Z"] {
            #expect(narrow.offsetSeconds(at: at(text)) == amsterdam.offsetSeconds(at: at(text)), "\(text)")
        }
        #expect(narrow.instant(date: d("2027-03-28"), time: TimeOfDay(minutes: 150)) == at("2027-03-28T01:00:00Z"))
    }
}
