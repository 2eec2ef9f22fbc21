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
        var series = [payments, outbound, reached, contactTimes, brokenArrangements]
        for w in work { series.append(w.doneTimes) }
        for window in windows {
            let lower = windowStart(t, window)
            for s in series {
                let k = s.firstIndex(after: lower)
                if k < s.count { consider(s.times[k] + window.seconds * 1_000_000) }
            }
        }
        for signal in signals {
            for a in signal.activations { if case .instant(let end) = a.end { consider(end) } }
        }
        return next.map(Instant.init(microseconds:))
    }
}
