/// Places contact work in contact hours without exceeding any `limit` (SPEC §4.5 rule 5).
///
/// A limit `N per D` holds when no window (s − D, s] contains more than N contacts, counting
/// the outbound contacts received and the items placed so far (of the limit's channel, or all).
struct Placement {
    let calendar: ContactCalendar
    let limits: [ContactLimit]
    /// Contacts and placed items, with their channels.
    private var points: [(at: Instant, channel: Channel)]

    init(calendar: ContactCalendar, limits: [ContactLimit], contacts: [(at: Instant, channel: Channel)]) {
        self.calendar = calendar
        self.limits = limits
        self.points = contacts
    }

    /// The earliest start at or after `due` inside contact hours on an open day where no limit
    /// would be exceeded, in a window that ends after `now` (an item whose window has passed
    /// moves to the next). Records the placed item. nil when nothing fits within the calendar's
    /// search horizon.
    mutating func place(_ due: Instant, channel: Channel, notEndingBy now: Instant) -> ContactWindow? {
        // Every window of a day before today ends by today's local midnight, so by `now`: the
        // search starts there instead of walking day by day from a due date long past (an item
        // open for months would cost a window per day since its due at every evaluation).
        // The window found is the same: its start is the day's contact start either way.
        var t = max(due, calendar.startOfDay(at: now))
        for _ in 0..<10_000 {
            guard let window = calendar.window(atOrAfter: t) else { return nil }
            if window.end <= now { t = window.end; continue }
            let candidate = window.start
            if let later = blockedUntil(candidate, channel: channel) {
                t = later
                continue
            }
            points.append((candidate, channel))
            return ContactWindow(start: candidate, end: window.end)
        }
        return nil
    }

    /// nil if a contact at `t` keeps every limit; else the earliest moment worth trying next.
    /// Scans the points in place: no allocation per candidate (placement runs for every case).
    private func blockedUntil(_ t: Instant, channel: Channel) -> Instant? {
        var next: Instant?
        for limit in limits where limit.channel == nil || limit.channel == channel {
            // Every window containing t ends at t or at a later point within D: check each end.
            if let candidate = excess(of: limit, inWindowEndingAt: t, placing: t) {
                next = next.map { max($0, candidate) } ?? candidate
            }
            for p in points where limit.counts(p.channel) && p.at > t && p.at < t + limit.window {
                if let candidate = excess(of: limit, inWindowEndingAt: p.at, placing: t) {
                    next = next.map { max($0, candidate) } ?? candidate
                }
            }
        }
        return next
    }

    /// nil if the window of `limit` ending at `end` keeps the limit with a contact placed at
    /// `t` (t ≤ end); else when to try next: once enough contacts have left a window ending
    /// at t, or, when a later point is the problem, just after that point.
    private func excess(of limit: ContactLimit, inWindowEndingAt end: Instant, placing t: Instant) -> Instant? {
        let start = end - limit.window
        var inWindow = 0
        for p in points where limit.counts(p.channel) && p.at > start && p.at <= end { inWindow += 1 }
        guard inWindow + 1 > limit.count else { return nil }
        guard end == t else { return Instant(microseconds: end.microseconds + 1) }
        var oldest: [Instant] = []
        oldest.reserveCapacity(inWindow)
        for p in points where limit.counts(p.channel) && p.at > start && p.at <= end { oldest.append(p.at) }
        oldest.sort()
        return oldest[inWindow - limit.count] + limit.window
    }
}

extension ContactLimit {
    /// Whether a contact on `channel` counts towards the limit.
    func counts(_ channel: Channel) -> Bool { self.channel == nil || self.channel == channel }
}
