import Foundation

/// A wall-clock reading in a time zone: the local date, the second of that day and the UTC
/// offset in force.
public struct LocalDateTime: Sendable, Hashable, CustomStringConvertible {
    public let date: LocalDate
    /// Seconds after local midnight, 0..<86_400.
    public let secondOfDay: Int
    /// Seconds east of UTC.
    public let offsetSeconds: Int

    public init(date: LocalDate, secondOfDay: Int, offsetSeconds: Int) {
        self.date = date
        self.secondOfDay = secondOfDay
        self.offsetSeconds = offsetSeconds
    }

    /// Minutes after local midnight, 0..<1440.
    public var minuteOfDay: Int { secondOfDay / 60 }

    public var description: String {
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let o = abs(offsetSeconds)
        return "\(date)T\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
            + (offsetSeconds < 0 ? "-" : "+") + "\(pad(o / 3600)):\(pad(o / 60 % 60))"
    }
}

/// An IANA time zone (through Foundation's `TimeZone`) with fast, thread-safe conversions
/// between instants and local wall-clock time.
///
/// The UTC offset changes of 1900–2199 are read once into an immutable table; instants
/// outside that range ask Foundation directly.
public struct LocalTimeZone: Sendable, CustomStringConvertible {
    /// The IANA identifier, e.g. `Europe/Amsterdam`.
    public let identifier: String
    private let zone: TimeZone
    /// The table covers instants in [tableStart, tableEnd) (seconds since the epoch).
    private let tableStart: Int64
    private let tableEnd: Int64
    /// Instants (seconds) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// `offsets[i]` is in force before `transitions[i]` and from `transitions[i - 1]`;
    /// `offsets.count == transitions.count + 1`.
    private let offsets: [Int]
    /// For each stretch of 2^``bucketShift`` seconds of the table (about 49 days), the number of
    /// transitions before it begins: a lookup then steps over the few transitions within its
    /// stretch instead of searching all of them (some 600 in 1900–2199).
    private let bucketStarts: [Int32]
    static let bucketShift: Int64 = 22

    /// 1900-01-01T00:00Z and 2200-01-01T00:00Z.
    static let defaultTableRange: Range<Int64> = -2_208_988_800 ..< 7_258_118_400

    /// nil when Foundation does not know `identifier`.
    public init?(identifier: String) {
        self.init(identifier: identifier, tableRange: Self.defaultTableRange)
    }

    init?(identifier: String, tableRange: Range<Int64>) {
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
        self.tableStart = tableRange.lowerBound
        self.tableEnd = tableRange.upperBound
        var transitions: [Int64] = []
        var offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(tableRange.lowerBound)))]
        var cursor = Date(timeIntervalSince1970: Double(tableRange.lowerBound))
        // A bound on the loop in case Foundation ever fails to advance.
        for _ in 0..<10_000 {
            guard let next = zone.nextDaylightSavingTimeTransition(after: cursor), next > cursor else { break }
            let at = Int64(next.timeIntervalSince1970.rounded(.down))
            guard at < tableRange.upperBound else { break }
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(at)))
            if offset != offsets[offsets.count - 1] {
                transitions.append(at)
                offsets.append(offset)
            }
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
        var bucketStarts: [Int32] = []
        var before = 0
        for b in 0...Int((tableEnd - tableStart) >> Self.bucketShift) {
            let begins = tableStart + Int64(b) << Self.bucketShift
            while before < transitions.count, transitions[before] < begins { before += 1 }
            bucketStarts.append(Int32(before))
        }
        self.bucketStarts = bucketStarts
    }

    public var description: String { identifier }

    /// The UTC offset in force at `instant`, in seconds east of UTC.
    public func offsetSeconds(at instant: Instant) -> Int { offset(atSecond: instant.seconds) }

    /// The local date and time at `instant`.
    public func local(_ instant: Instant) -> LocalDateTime {
        let s = instant.seconds
        let offset = offset(atSecond: s)
        let local = s + Int64(offset)
        let day = floorDiv(local, 86_400)
        return LocalDateTime(date: LocalDate(dayNumber: Int(day)), secondOfDay: Int(local - day * 86_400), offsetSeconds: offset)
    }

    /// The local date at `instant`.
    public func date(at instant: Instant) -> LocalDate { local(instant).date }

    /// The instant at which the local clock shows `time` on `date` (`24:00` is midnight after `date`).
    /// In a gap (clocks jump forward) this is the first instant after the gap; in an overlap
    /// (clocks go back) the earlier of the two.
    public func instant(date: LocalDate, time: TimeOfDay) -> Instant {
        instant(date: date, secondOfDay: time.minutes * 60)
    }

    /// As `instant(date:time:)`, with seconds after local midnight (0...86_400).
    public func instant(date: LocalDate, secondOfDay: Int) -> Instant {
        Instant(seconds: resolve(local: Int64(date.dayNumber) * 86_400 + Int64(secondOfDay)))
    }

    /// RFC 3339 text of `instant` with the local offset, e.g. `2026-03-30T07:00:00+02:00`.
    public func rfc3339(_ instant: Instant) -> String {
        instant.rfc3339(offsetSeconds: offsetSeconds(at: instant))
    }

    // MARK: - Internals

    func offset(atSecond s: Int64) -> Int {
        guard s >= tableStart, s < tableEnd else {
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(s)))
        }
        // The number of transitions at or before s: those before its stretch, then the ones
        // within it up to s.
        var k = Int(bucketStarts[Int((s - tableStart) >> Self.bucketShift)])
        while k < transitions.count, transitions[k] <= s { k += 1 }
        return offsets[k]
    }

    /// The earliest instant (seconds) whose local reading is `local` seconds after the local
    /// epoch, or the first instant after the gap that skips it.
    private func resolve(local: Int64) -> Int64 {
        // Offset changes are far more than a day apart in practice; the offsets a day either
        // side, and those in force at the candidate instants, cover every reading of `local`.
        let before = offset(atSecond: local - 86_400)
        let after = offset(atSecond: local + 86_400)
        // The common case: no change near `local`, so the candidates below are all `before`.
        if before == after, offset(atSecond: local - Int64(before)) == before { return local - Int64(before) }
        var best: Int64?
        for candidate in [before, after, offset(atSecond: local - Int64(before)), offset(atSecond: local - Int64(after))] {
            let s = local - Int64(candidate)
            if offset(atSecond: s) == candidate, best.map({ s < $0 }) ?? true { best = s }
        }
        if let best { return best }
        // A gap: the offset rose from `before` to `after`; the change lies in (lo, hi].
        var lo = local - Int64(max(before, after)), hi = local - Int64(min(before, after))
        let old = offset(atSecond: lo)
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if offset(atSecond: mid) == old { lo = mid } else { hi = mid }
        }
        return hi
    }
}
