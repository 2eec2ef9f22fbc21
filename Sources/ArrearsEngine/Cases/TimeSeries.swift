/// Instants (in microseconds) in ascending order, for counting "in the last D" windows, which
/// cover (T − D, T], by binary search. Every instant held is ≤ T.
struct TimeSeries: Sendable {
    private(set) var times: [Int64] = []

    var count: Int { times.count }
    mutating func append(_ t: Int64) { times.append(t) }
    mutating func reserve(_ n: Int) { times.reserveCapacity(n) }

    var last: Int64? { times.last }

    /// The index of the first instant strictly after `lower`.
    func firstIndex(after lower: Int64) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= lower { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// How many instants lie after `lower`.
    func count(after lower: Int64) -> Int { times.count - firstIndex(after: lower) }
}

/// The lower bound T − D of a window, saturating instead of overflowing.
@inline(__always)
func windowStart(_ t: Instant, _ span: TimeSpan) -> Int64 {
    let (micros, o1) = span.seconds.multipliedReportingOverflow(by: 1_000_000)
    if o1 { return span.seconds > 0 ? Int64.min : Int64.max }
    let (lower, o2) = t.microseconds.subtractingReportingOverflow(micros)
    if o2 { return micros > 0 ? Int64.min : Int64.max }
    return lower
}

extension Channel {
    /// 0..<7, the position in `allCases`.
    @inline(__always)
    var index: Int {
        switch self {
        case .phone: 0
        case .sms: 1
        case .whatsapp: 2
        case .email: 3
        case .letter: 4
        case .visit: 5
        case .chat: 6
        }
    }
}
