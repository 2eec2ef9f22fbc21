extension CaseState {
    /// Outbound contact attempts with their channels (for `limit`).
    var outboundContacts: [(at: Instant, channel: Channel)] {
        var result: [(at: Instant, channel: Channel)] = []
        for k in contactMarks.indices where contactMarks[k] & ContactMark.outbound != 0 {
            result.append((Instant(microseconds: contactTimes.times[k]), Channel.allCases[Int(contactMarks[k] & ContactMark.channelMask)]))
        }
        return result
    }

    /// The earliest instant after `t` at which a window "in the last D" (for one of `windows`)
    /// loses an event, or a signal with a fixed end stops; nil if none.
    func nextWindowChange(after t: Instant, windows: [TimeSpan]) -> Instant? {
        var next: Int64?
        func consider(_ x: Int64) { if x > t.microseconds, next.map({ x < $0 }) ?? true { next = x } }
        func scan(_ s: TimeSeries) {
            guard !s.times.isEmpty else { return }
            for window in windows {
                let k = s.firstIndex(after: windowStart(t, window))
                if k < s.count { consider(s.times[k] + window.seconds * 1_000_000) }
            }
        }
        scan(payments)
        scan(contactTimes)  // holds every outbound and reached contact too
        scan(brokenArrangements)
        for w in work { scan(w.doneTimes) }
        for signal in signals {
            for a in signal.activations { if case .instant(let end) = a.end { consider(end) } }
        }
        return next.map(Instant.init(microseconds:))
    }
}
