/// The activations and clears of one signal on one case.
struct SignalTimeline: Sendable {
    /// Where an activation ends by itself.
    enum End: Sendable, Equatable {
        /// Until cleared.
        case never
        /// At an instant (microseconds), exclusive: `at` plus the declared duration, or a clear.
        case instant(Int64)
        /// Through the end of this calendar day (an `until` date).
        case endOfDay(LocalDate)
    }

    struct Activation: Sendable {
        let start: Int64
        let end: End
    }

    init() {}

    /// In fold order, hence by ascending start.
    private(set) var activations: [Activation] = []
    /// `cleared: true` instants, ascending.
    private(set) var clears = TimeSeries()

    mutating func activate(at: Int64, end: End) { activations.append(Activation(start: at, end: end)) }
    mutating func clear(at: Int64) { clears.append(at) }

    /// Whether the signal is active at `t`, and since when: the start of the unbroken run of
    /// overlapping activations that covers `t` (one starting exactly where another ends
    /// begins a new run).
    func activeRunStart(at t: Int64, localDate: (Instant) -> LocalDate) -> Int64? {
        withoutActuallyEscaping(localDate) { localDate in activeRunStart(at: t, order: EndOrder(localDate: localDate)) }
    }

    private func activeRunStart(at t: Int64, order: EndOrder) -> Int64? {
        var runStart: Int64? = nil
        var runEnd = End.never
        for a in activations where a.start <= t {
            var end = a.end
            // `cleared` ends every activation that began at or before it.
            let c = clears.firstIndex(after: a.start - 1)
            if c < clears.count { end = order.min(end, clears.times[c]) }
            guard order.isBefore(a.start, end) else { continue }  // empty
            if let _ = runStart, order.isBefore(a.start, runEnd) {
                runEnd = order.max(runEnd, end)
            } else {
                runStart = a.start
                runEnd = end
            }
        }
        guard let runStart, order.isBefore(t, runEnd) else { return nil }
        return runStart
    }
}

/// Compares instants with activation ends; `endOfDay(U)` is the first instant of the day after
/// `U` in the calendar time zone, so `x` is before it exactly when `localDate(x) <= U`.
private struct EndOrder {
    let localDate: (Instant) -> LocalDate

    func isBefore(_ x: Int64, _ end: SignalTimeline.End) -> Bool {
        switch end {
        case .never: true
        case .instant(let e): x < e
        case .endOfDay(let day): localDate(Instant(microseconds: x)) <= day
        }
    }

    func min(_ end: SignalTimeline.End, _ x: Int64) -> SignalTimeline.End {
        isBefore(x, end) ? .instant(x) : end
    }

    func max(_ a: SignalTimeline.End, _ b: SignalTimeline.End) -> SignalTimeline.End {
        switch (a, b) {
        case (.never, _), (_, .never): .never
        case let (.instant(x), .instant(y)): .instant(Swift.max(x, y))
        case let (.endOfDay(u), .endOfDay(v)): .endOfDay(Swift.max(u, v))
        case let (.instant(x), .endOfDay(_)): isBefore(x, b) ? b : a
        case let (.endOfDay(_), .instant(y)): isBefore(y, a) ? a : b
        }
    }
}
